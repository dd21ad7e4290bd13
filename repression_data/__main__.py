"""``python -m repression_data ...`` is the command ``repression-data ...`` (an entry point above ``cli``)."""

if __name__ == "__main__":
    import sys

    from repression_data.cli.main import main

    sys.exit(main())
