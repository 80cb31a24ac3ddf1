"""Walk `content/`, classify each file, split frontmatter from body and apply the id rules."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.facts import ID_PATTERN, ID_RULE
from cjmsite.sources.bodylimits import body_problem
from cjmsite.sources.markdown import slugify
from cjmsite.sources.portable import case_collisions, reserved_name, reserved_segment
from cjmsite.sources.tree import is_file, is_link, walk_entries
from cjmsite.sources.yamltree import YamlDoc, YamlProblem, describe, parse_yaml

TOUCHPOINT_NAME = re.compile(r"^(\d+)-(.*)$")
ENTITY_FOLDERS = {"personas": "persona", "departments": "department", "channels": "channel"}
MAX_FILE_BYTES = 1_000_000


@dataclass
class SourceFile:
    """One content file as read from disk, before validation against the schema."""

    kind: str  # persona, department, channel, journey, touchpoint, page, asset
    path: Path  # absolute
    shown: str  # project-relative path for messages
    content_path: str  # posix path relative to the content folder
    id: str = ""
    order: float = 0
    journey_id: str = ""
    doc: YamlDoc | None = None
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    data: dict = field(default_factory=dict)
    readable: bool = False  # frontmatter (if any) read without error

    def location(self, line: int = 1, column: int = 1) -> Location:
        return Location(self.shown, line, column)


def suggest_id(name: str) -> str:
    """The nearest valid id: accents dropped, lower case, other runs as one hyphen."""
    return slugify(name) or "item"


def check_id(name: str, source: SourceFile, diags: Diagnostics, what: str = "id") -> bool:
    if ID_PATTERN.match(name) and reserved_name(name):  # its page's folder would be `con/`
        diags.error(
            source.location(),
            f"the {what} `{name}` is a device name reserved on Windows: its page's folder "
            "could not be checked out or served from there",
            f"rename it, e.g. to `{name}-1`",
        )
        return False
    if ID_PATTERN.match(name):
        return True
    diags.error(
        source.location(),
        f"invalid {what} `{name}`: ids use {ID_RULE} only",
        f"rename it to `{suggest_id(name)}`",
    )
    return False


def split_frontmatter(text: str) -> tuple[str | None, str, int, int]:
    """(frontmatter or None, body, frontmatter's first line, body's first line).

    Returns frontmatter None when the file does not open with `---`; raises ValueError
    when it opens one but never closes it.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, 2, index + 2
    raise ValueError("frontmatter opened with `---` is never closed")


def decode_text(raw: bytes) -> tuple[str | None, str, int, int]:
    """(text, problem, line, column): UTF-8 with or without BOM, newlines made `\n`.

    On failure the text is None and the problem names the byte offset of the first
    bad byte, with its line and column in the file.
    """
    skip = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start + skip  # the offset in the file, BOM included
        before = raw[:start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        utf16 = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        return (
            None,
            f"the file is not valid UTF-8{utf16}: byte {start} "
            f"(0x{raw[start]:02x}, line {line}) cannot be decoded",
            line,
            column,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), "", 0, 0


def decode(raw: bytes, source: SourceFile, diags: Diagnostics) -> str | None:
    """UTF-8 (with or without BOM) with universal newlines, or an error naming the byte."""
    text, problem, line, column = decode_text(raw)
    if text is None:
        diags.error(source.location(line, column), problem, "save the file as UTF-8")
    return text


def read_bytes(source: SourceFile, diags: Diagnostics, max_bytes: int) -> bytes | None:
    """The file's bytes, or None (reported) when it cannot be read or is over `max_bytes`."""
    try:
        with source.path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # never more, even if the file grows meanwhile
    except OSError as error:
        diags.error(source.location(0, 0), f"cannot read the file: {error.strerror or error}")
        return None
    if len(raw) > max_bytes:
        try:
            size = f"{source.path.stat().st_size:,} bytes"
        except OSError:
            size = "too big"
        diags.error(
            source.location(0, 0),
            f"the file is {size}, over the limit of {max_bytes:,} bytes (max_file_size)",
            "split it into smaller files, or raise max_file_size in cjmsite.yml",
        )
        return None
    return raw


def read_source(
    source: SourceFile,
    diags: Diagnostics,
    max_bytes: int = MAX_FILE_BYTES,
    raw: bytes | None = None,
) -> None:
    """Fill `doc`, `data`, `body` and `body_line` of a Markdown source, or report why not.

    `raw`: the file's bytes when already read (the very bytes a cache key was made of).
    """
    if raw is None or len(raw) > max_bytes:
        raw = read_bytes(source, diags, max_bytes)
    if raw is None:
        return
    text = decode(raw, source, diags)
    if text is None:
        return
    try:
        front, body, front_line, body_line = split_frontmatter(text)
    except ValueError as error:
        diags.error(source.location(1, 1), str(error), "add a line `---` after the last key")
        return
    source.body, source.body_line = body, body_line
    problem = body_problem(body)
    if problem is not None:  # parsing it could take minutes: refuse it, parse nothing
        diags.error(source.location(body_line + problem.line, 1), problem.message, problem.hint)
        source.body = ""
    if front is None:
        if source.kind != "page":
            diags.error(
                source.location(1, 1),
                "missing frontmatter: the file must start with a `---` line, its keys, and `---`",
                "start the file with ---, then e.g. `name: …`, then ---",
            )
        else:
            source.readable = True
        return
    try:
        doc = parse_yaml(front, line_offset=front_line - 1)
    except YamlProblem as problem:
        diags.error(source.location(problem.line, problem.column), problem.message, problem.hint)
        return
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        diags.error(
            source.location(front_line, 1),
            f"the frontmatter must be a mapping of keys, got {describe(doc.data)}",
            "write one `key: value` per line",
        )
        return
    source.doc, source.data, source.readable = doc, doc.data, True


def classify(
    path: Path,
    content_root: Path,
    project_root: Path,
    diags: Diagnostics,
    names: tuple[str, str] | None = None,
) -> SourceFile | None:
    """The SourceFile for one file under content/, or None for a file to skip. `names`:
    its path relative to the content folder and its shown path, when known."""
    if names is None:
        names = (path.relative_to(content_root).as_posix(), _shown(path, project_root))
    parts = tuple(names[0].split("/"))
    source = SourceFile("asset", path, names[1], names[0])
    if path.suffix.lower() != ".md":
        return source
    folder = parts[0] if len(parts) > 1 else ""
    if folder in ENTITY_FOLDERS and len(parts) == 2:
        source.kind, source.id = ENTITY_FOLDERS[folder], path.stem
        return source if check_id(path.stem, source, diags) else None
    if folder == "journeys" and len(parts) == 3:
        source.journey_id = parts[1]
        if not check_id(parts[1], source, diags, "journey id (its folder's name)"):
            return None
        if path.name == "index.md":
            source.kind, source.id = "journey", parts[1]
            return source
        match = TOUCHPOINT_NAME.match(path.stem)
        if not match:
            diags.error(
                source.location(),
                f"touchpoint file `{path.name}` must start with its order number and a hyphen",
                f"rename it to `10-{suggest_id(path.stem)}.md`",
            )
            return None
        source.kind, source.id, source.order = "touchpoint", match.group(2), int(match.group(1))
        return source if check_id(match.group(2), source, diags, "touchpoint id") else None
    if folder == "pages":
        source.kind = "page"
        segments = [*list(parts[1:-1]), path.stem]
        if not all(check_id(s, source, diags, "page path segment") for s in segments):
            return None
        source.id = "/".join(segments)
        return source
    diags.warning(
        source.location(),
        "this Markdown file is not part of the content model and is ignored",
        "content lives in personas/, departments/, channels/, journeys/<id>/ and pages/",
    )
    return None


def _is_inside(path: Path, real_root: Path) -> bool | None:
    """Whether `path`, links followed, is inside `real_root`; None if it cannot be resolved."""
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError, ValueError):  # a symlink loop, an unreadable folder
        return None


def _shown(path: Path, project_root: Path) -> str:
    try:
        return path.relative_to(project_root).as_posix()
    except ValueError:
        return path.as_posix()


def _check_link(path: Path, real_root: Path, project_root: Path, diags: Diagnostics) -> bool:
    """Report a symbolic link under content/ unless it points to a file inside it."""
    where = Location(_shown(path, project_root))
    inside = _is_inside(path, real_root)
    if inside is None:
        diags.error(where, "a symbolic link that cannot be resolved (a loop?)", "remove the link")
        return False
    if not inside:
        what = "folder" if path.is_dir() else "file"
        diags.error(
            where,
            f"a symbolic link to a {what} outside the content folder: it is not read or copied",
            f"copy the {what} into the content folder instead of linking to it",
        )
        return False
    if path.is_dir():
        diags.warning(
            where,
            "a symbolic link to a folder: links to folders are not followed",
            "link the files themselves, or move the folder here",
        )
        return False
    if not path.exists():
        diags.warning(where, "a symbolic link to a file that does not exist; ignored")
        return False
    return True


def walk_content(
    content_root: Path, project_root: Path, diags: Diagnostics, links: list[Path] | None = None
) -> list[SourceFile]:
    """Every content file in a stable order, hidden files and folders skipped.

    Symbolic links are followed only to files inside the content folder (those taken are
    added to `links`); links to folders never are: nothing outside content/ is read."""
    real_root = content_root.resolve()
    paths: list[Path] = []

    def unreadable(error: OSError) -> None:
        shown = _shown(Path(error.filename or content_root), project_root)
        diags.error(Location(shown), f"cannot read the folder: {error.strerror or error}")

    for here, dirs, files in walk_entries(content_root, unreadable):  # links not entered
        for entry in list(dirs):
            if entry.name.startswith("."):
                dirs.remove(entry)
            elif is_link(entry):
                dirs.remove(entry)
                _check_link(here / entry.name, real_root, project_root, diags)
        for entry in files:
            path, linked = here / entry.name, is_link(entry)
            if entry.name.startswith(".") or (
                linked and not _check_link(path, real_root, project_root, diags)
            ):
                continue
            if is_file(entry):  # not a FIFO, socket or device, which could block a read
                paths.append(path)
                if linked and links is not None:
                    links.append(path)
    found: list[SourceFile] = []
    shown = _shown_prefix(content_root, project_root)
    relative = _relative(paths, content_root)
    for rel, path in _portable(relative, project_root, diags):
        names = (rel, shown + rel) if shown is not None else None
        source = classify(path, content_root, project_root, diags, names)
        if source is not None:
            found.append(source)
    return found


def _relative(paths: list[Path], content_root: Path) -> dict[str, Path]:
    """Each path by its posix path under `content_root`, in the order of the paths."""
    base = str(content_root)
    if all(str(path).startswith(base + os.sep) for path in paths):  # as the walk made them
        cut = len(base) + 1
        found = {str(path)[cut:].replace(os.sep, "/"): path for path in paths}
    else:
        found = {path.relative_to(content_root).as_posix(): path for path in paths}
    if os.name == "nt":  # Path order there ignores case
        return dict(sorted(found.items(), key=lambda item: item[1]))
    return dict(sorted(found.items(), key=lambda item: item[0].split("/")))  # as Path order


def _shown_prefix(content_root: Path, project_root: Path) -> str | None:
    """What goes before a content path to show it relative to the project, if it can."""
    try:
        prefix = content_root.relative_to(project_root).as_posix()
    except ValueError:
        return None
    return "" if prefix == "." else prefix + "/"


def _portable(
    relative: dict[str, Path], project_root: Path, diags: Diagnostics
) -> list[tuple[str, Path]]:
    """The paths a Windows or macOS checkout can hold; an error for each other one."""
    refused: set[str] = set()
    for rel, path in relative.items():
        segment = reserved_segment(rel)
        if segment is not None:
            refused.add(rel)
            diags.error(
                Location(_shown(path, project_root)),
                f"`{segment}` is a device name reserved on Windows: "
                "the handbook could not be checked out there",
                f"rename it, e.g. to `{segment.split('.', 1)[0]}-1"
                f"{'.' + segment.split('.', 1)[1] if '.' in segment else ''}`",
            )
    for first, other in case_collisions(relative):  # both still read: each may have more to say
        diags.error(
            Location(_shown(relative[other], project_root)),
            f"this path differs from `{_shown(relative[first], project_root)}` only in "
            "upper and lower case (or accents' encoding): on macOS and Windows they are one file",
            "rename one of them",
        )
    return [(rel, path) for rel, path in relative.items() if rel not in refused]


def content_folder_exists(content_root: Path, diags: Diagnostics) -> bool:
    """Whether the content folder is there; an error saying what to do if not."""
    if content_root.is_dir():
        return True
    diags.error(
        Location(str(content_root)),
        f"the content folder {content_root} does not exist",
        "create it, or set content_dir in cjmsite.yml",
    )
    return False


def load_content(
    content_root: Path, project_root: Path, diags: Diagnostics, max_bytes: int = MAX_FILE_BYTES
) -> list[SourceFile]:
    """Walk and read every content file; problems go to `diags`."""
    if not content_folder_exists(content_root, diags):
        return []
    sources = walk_content(content_root, project_root, diags)
    for source in sources:
        if source.kind != "asset":
            read_source(source, diags, max_bytes)
    return sources
