"""`python -m transport.export_schema`: write the served schema to schema.graphql, unless it
breaks the committed one in a way CHANGELOG.md does not mark (then say what, and write
nothing). Also names deprecations whose removal date has passed."""

from __future__ import annotations

import sys
from datetime import date

from transport.schema import build_schema
from transport.schema_history import CHANGELOG, SDL, deprecations, unmarked_breaking_changes


def main() -> int:
    served = build_schema()
    changelog = CHANGELOG.read_text(encoding="utf-8")
    if SDL.exists():
        published = SDL.read_text(encoding="utf-8")
        breaks = unmarked_breaking_changes(published, served._schema, changelog)
        if breaks:
            print("schema.graphql NOT written: it breaks the published one:", file=sys.stderr)
            for change in breaks:
                print(f"  - {change}", file=sys.stderr)
            print(
                "Deprecate instead (with a reason naming the replacement and 'to be removed "
                "after YYYY-MM-DD'), or, once a removal date has passed, mark the change in "
                "CHANGELOG.md under '### Breaking' quoting it in backticks.",
                file=sys.stderr,
            )
            return 1
    SDL.write_text(served.as_str() + "\n", encoding="utf-8")
    print(f"wrote {SDL.name}")
    for deprecation in deprecations(served._schema):
        due = deprecation.removal_date
        if due is not None and due < date.today():
            print(f"  due for removal since {due}: {deprecation.coordinate}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
