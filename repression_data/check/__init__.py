"""check: the parsed tables checked against their schemas, each other, what was published before,
and the texts.

Schemas (pandera, ``schemas``) and cross-table checks (``validate``), reading bases
(``readings``), published ids and withdrawals (``published``), the processed folder against a
fresh build (``freshness``), quotes against the texts (``evidence``, ``footnotes``), and the
completeness audits (``coverage``, ``relation_coverage``).

May import: read/, shipped/, engine/ and the ground modules. Never publish/, build/, serve/ or cli/.
"""

import sys
import types

from repression_data.shipped.sentence_check import check as _check_sentence


class _CallableStage(types.ModuleType):
    """This stage shares its name with ``rd.check`` (check a sentence): once the stage is imported, Python makes
    ``repression_data.check`` this module, so the module answers a call as ``rd.check`` does."""

    def __call__(self, sentence: str, data=None) -> dict:
        return _check_sentence(sentence, data)


sys.modules[__name__].__class__ = _CallableStage
