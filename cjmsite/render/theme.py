"""Theme lookup: the template search path, the Jinja environment and the static files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)

from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.render.fragments import FRAGMENTS

DEFAULT_THEME = "default"
STATIC_PREFIX = "_theme/"


def builtin_themes_dirs() -> tuple[Path, ...]:
    """Where shipped themes live: inside the installed package, then the source checkout."""
    package = Path(__file__).resolve().parents[1] / "themes"
    checkout = Path(__file__).resolve().parents[2] / "themes"
    return tuple(p for p in (package, checkout) if p.is_dir())


def _is_path(theme: str) -> bool:
    return "/" in theme or "\\" in theme or theme.startswith(".") or Path(theme).is_absolute()


def find_theme(theme: str, root: Path) -> Path | None:
    """The folder of a theme given by name (themes/<name>) or by path."""
    if _is_path(theme):
        path = Path(theme) if Path(theme).is_absolute() else root / theme
        return path if path.is_dir() else None
    for base in (root / "themes", *builtin_themes_dirs()):
        if (base / theme).is_dir():
            return base / theme
    return None


def find_builtin(name: str = DEFAULT_THEME) -> Path:
    """A theme shipped with cjmsite (the fallback for anything a theme leaves out)."""
    for base in builtin_themes_dirs():
        if (base / name).is_dir():
            return base / name
    raise FileNotFoundError(f"the built-in theme `{name}` is missing from the installation")


@dataclass(frozen=True)
class Theme:
    """The layered folders of a site's look, most specific first."""

    layers: tuple[Path, ...]  # overrides (if any), the theme, the built-in default
    has_overrides: bool = False

    @property
    def template_dirs(self) -> list[str]:
        return self._template_dirs(self.layers)

    @property
    def theme_template_dirs(self) -> list[str]:
        """Without the overrides: what `theme/<name>` finds, so an override can extend it."""
        return self._template_dirs(self.layers[1:] if self.has_overrides else self.layers)

    @staticmethod
    def _template_dirs(layers: tuple[Path, ...]) -> list[str]:
        dirs: list[str] = []
        for layer in layers:
            for candidate in (layer / "templates", layer):
                if candidate.is_dir() and str(candidate) not in dirs:
                    dirs.append(str(candidate))
        return dirs

    def locale_files(self, language: str) -> list[Path]:
        """Locale files for a language, most specific layer first."""
        return [
            layer / "locales" / f"{language}.yml"
            for layer in self.layers
            if (layer / "locales" / f"{language}.yml").is_file()
        ]

    def environment(self) -> Environment:
        """Jinja with autoescaping for HTML and XML; an unknown variable is an error;
        `fragments` (render/fragments/) holds the markup the default theme draws in Python."""
        env = Environment(
            loader=ChoiceLoader(
                [
                    FileSystemLoader(self.template_dirs),
                    PrefixLoader({"theme": FileSystemLoader(self.theme_template_dirs)}),
                ]
            ),
            autoescape=select_autoescape(["html", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates are compiled once per build, not re-stat'ed per page
        )
        env.globals["fragments"] = FRAGMENTS
        return env

    def static_files(self) -> dict[str, bytes]:
        """Every file under a layer's static/ as `_theme/<path>`; specific layers win."""
        files: dict[str, bytes] = {}
        for layer in reversed(self.layers):
            static = layer / "static"
            if not static.is_dir():
                continue
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[STATIC_PREFIX + path.relative_to(static).as_posix()] = path.read_bytes()
        return dict(sorted(files.items()))

    def static_text(self, name: str) -> str:
        """One static file as text (the 404 page inlines the style sheet)."""
        for layer in self.layers:
            path = layer / "static" / name
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return ""


def known_themes(root: Path) -> list[str]:
    """The theme names a site can use: its themes/ folders and the built-in ones."""
    return sorted(
        {
            p.name
            for base in (root / "themes", *builtin_themes_dirs())
            if base.is_dir()
            for p in base.iterdir()
            if p.is_dir()
        }
    )


def load_theme(theme: str, overrides: str, root: Path) -> tuple[Theme, list[Diagnostic]]:
    """Resolve the search path: overrides folder, then the theme, then the built-in default."""
    diagnostics: list[Diagnostic] = []
    layers: list[Path] = []
    has_overrides = False
    if overrides:
        folder = Path(overrides) if Path(overrides).is_absolute() else root / overrides
        if folder.is_dir():
            layers.append(folder)
            has_overrides = True
    found = find_theme(theme, root)
    if found is None:
        known = known_themes(root)
        diagnostics.append(
            Diagnostic(
                "cjmsite.yml",
                0,
                0,
                Severity.ERROR,
                f"Config value 'theme': no theme `{theme}` found",
                "known themes: " + ", ".join(f"`{k}`" for k in known) if known else "",
            )
        )
    else:
        layers.append(found)
    builtin = find_builtin()
    if all(builtin.resolve() != layer.resolve() for layer in layers):
        layers.append(builtin)
    return Theme(tuple(layers), has_overrides), diagnostics
