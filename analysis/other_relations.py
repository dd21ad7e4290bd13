"""Relations outside the four main themes (the Kirov aftermath, the Kremlin affair, repeated figures).

Checks them like the theme scripts do; there is no chart for this group.
"""

from __future__ import annotations

from kit.charts import write_relations

THEME = "other"


def main() -> None:
    write_relations(THEME)


if __name__ == "__main__":
    main()
