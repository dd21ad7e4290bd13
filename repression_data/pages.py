"""An old entry point kept working: ``python -m repression_data.pages TEXT_FILE``.

It prints the page breaks found in an OCR'd text as CSV (what ``data/raw/pages/<source_id>/breaks.csv``
holds) and is now the command ``repression-data pages --breaks TEXT_FILE``; the counting itself lives in
``repression_data.engine.pages``. This module is an entry point only: it sits above ``cli`` in the layers.
"""

if __name__ == "__main__":
    import sys

    from repression_data.cli.main import main

    if len(sys.argv) != 2:
        sys.exit("usage: python -m repression_data.pages TEXT_FILE > data/raw/pages/<source_id>/breaks.csv")
    sys.exit(main(["pages", "--breaks", sys.argv[1]]))
