"""engine: the texts' arithmetic on tables, touching no file.

Pages counted between anchors (``pages``), the interval a printed figure stands for
(``intervals``), the operations a relation names (``operations``), relations judged
(``relations``), and figures set side by side by quantity (``quantities``). DataFrames and
numbers in, DataFrames and numbers out.

May import: the ground modules (errors, dtypes, words, ...) and pandas. Nothing else of the package.
"""
