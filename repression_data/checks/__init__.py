"""checks: the parsed tables checked against their schemas, each other, what was published before,
and the texts.

Schemas (pandera, ``schemas``) and cross-table checks (``validate``), reading bases
(``readings``), published ids and withdrawals (``published``), the processed folder against a
fresh build (``freshness``), quotes against the texts (``evidence``, ``footnotes``), and the
completeness audits (``coverage``, ``relation_coverage``).

May import: read/, shipped/, engine/ and the ground modules. Never publish/, pipeline/, serve/ or cli/.

(The folder is ``checks``, not ``check``: ``rd.check`` is the sentence check of the public face, and a
subpackage of the same name would replace it on the package once imported.)
"""
