"""shipped: what a reader of the installed package has, without a checkout.

The tables as shipped and verified (``loader``), search (``search``) and citations
(``citation``). Works from a wheel or a zip import.

May import: engine/ and the ground modules. Never read/, checks/, publish/, pipeline/, serve/ or cli/.
"""
