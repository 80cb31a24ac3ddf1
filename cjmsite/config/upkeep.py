"""Options of cjmsite.yml that keep a handbook alive: edit links, staleness, the tag catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.facts import ID_PATTERN
from cjmsite.model import TagDef
from cjmsite.sources.yamltree import describe

BRANCH_PATTERN = re.compile(r"^(?!/)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]{1,200}(?<![/.])$")


def check_repo_url(value: Any) -> tuple[Any, str | None]:
    """An http(s) address of the repository, without a trailing slash."""
    if isinstance(value, str) and re.fullmatch(
        r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*/?",
        value.strip(),
    ):
        return value.strip().rstrip("/"), None
    return None, "the repository's http(s) address, such as https://github.com/acme/cx-handbook"


def check_branch(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and BRANCH_PATTERN.match(value.strip()):
        return value.strip(), None
    return None, "a branch name such as main"


def check_days(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 36500:
        return value, None
    return None, "a whole number of days from 1 to 36500, such as 180"


def check_tags(raw: Any, where: Callable[..., Location], diags: Diagnostics) -> tuple[TagDef, ...]:
    """The `tags:` catalogue: a list of {id, name} (or bare ids)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        diags.error(
            where(("tags",)),
            f"Config value 'tags': expected a list of {{id, name}}, got {describe(raw)}",
        )
        return ()
    tags: list[TagDef] = []
    for index, item in enumerate(raw):
        label = f"tags[{index + 1}]"
        if isinstance(item, str):
            item = {"id": item, "name": item.replace("-", " ").capitalize()}
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            diags.error(
                where(("tags", index)),
                f"Config value '{label}': expected {{id: loyalty, name: Loyalty}}, "
                f"got {describe(item)}",
            )
            continue
        tag_id, name = item["id"].strip(), item.get("name", item["id"])
        if not ID_PATTERN.match(tag_id):
            diags.error(
                where(("tags", index, "id")),
                f"Config value '{label}.id': expected an id of lower-case letters, digits and "
                f"hyphens, got {describe(item['id'])}",
            )
            continue
        if any(t.id == tag_id for t in tags):
            diags.error(
                where(("tags", index, "id")),
                f"Config value '{label}.id': tag `{tag_id}` is listed twice",
            )
            continue
        if not isinstance(name, str) or not name.strip():
            diags.error(
                where(("tags", index, "name")),
                f"Config value '{label}.name': expected a text, got {describe(name)}",
            )
            continue
        for extra in item:
            if extra not in ("id", "name"):
                diags.warning(
                    where(("tags", index, extra), key=True),
                    f"Config value '{label}.{extra}': unknown key",
                    "known keys: `id`, `name`",
                )
        tags.append(TagDef(tag_id, name.strip()))
    return tuple(tags)
