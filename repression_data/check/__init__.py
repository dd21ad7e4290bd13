"""check: the parsed tables checked against their schemas, each other, what was published before,
and the texts.

Schemas (pandera, ``schemas``) and cross-table checks (``validate``), reading bases
(``readings``), published ids and withdrawals (``published``), the processed folder against a
fresh build (``freshness``), quotes against the texts (``evidence``, ``footnotes``), and the
completeness audits (``coverage``, ``relation_coverage``).

May import: read/, shipped/, engine/ and the ground modules. Never publish/, build/, serve/ or cli/.
"""
