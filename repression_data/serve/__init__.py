"""serve: the SQLite database in a web browser, with Datasette (the [serve] extra).

``app`` configures and starts Datasette; ``plugin`` gathers what a claim page shows; the
template is in ``templates/``.

May import: publish/, shipped/, engine/ and the ground modules. Never pipeline/ or cli/.
"""
