"""engine: the texts' arithmetic on tables, touching no file.

Pages counted between anchors (``pages``), the interval a printed figure stands for
(``intervals``), the operations a relation names (``operations``), relations judged
(``relations``), a figure that repeats, rounds or revises another (``restatements``), the
agreement of a quantity's figures by the weight of the evidence (``weighing``), figures set
side by side by quantity (``quantities``), and the order and sentence checks (``order``,
``sentence``). DataFrames and
numbers in, DataFrames and numbers out.

May import: the ground modules (errors, dtypes, words, ...) and pandas. Nothing else of the package.
"""
