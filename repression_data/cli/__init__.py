"""cli: the ``repression-data`` command, arguments and printing only.

``main`` (the parser and the commands that build, validate, release and verify), ``common``
(checkout, subcommands, printing), ``audit`` (coverage, relation-coverage, pages) and ``find``
(search, show, compare, cite, relations, serve). The work is done by the stages below; they are
imported inside each command, so that ``--help`` and the lookups do not pay for the build's
libraries (pandera, openpyxl, sqlite-utils, matplotlib).

May import: every stage. Nothing imports it.
"""
