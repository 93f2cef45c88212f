"""Copy the front-end packages' built files out of node_modules for staticfiles.

GOV.UK and MOJ Frontend ship precompiled CSS whose ``url(/assets/...)`` paths only work
at the site root; this rewrites them to relative paths so Django's staticfiles (and
WhiteNoise's hashed names in production) serve them. It also drops the GDS Transport
font, which only services on service.gov.uk may use, so pages fall back to Arial.
Run by ``make install``; the output (``src/safehold/static/vendor``) is not committed.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"
OUT = Path(__file__).resolve().parents[1] / "static" / "vendor"

_SOURCEMAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")
_FONT_FACE = re.compile(r"@font-face\{font-family:GDS Transport;[^}]*\}")


def _css(text: str) -> str:
    text = _FONT_FACE.sub("", text)
    text = text.replace(
        "font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif"
    )
    text = text.replace("font-family:GDS Transport", "font-family:arial,sans-serif")
    text = text.replace("url(/assets/", "url(assets/")
    return _SOURCEMAP.sub("", text)


def _copy(src: Path, dest: Path, *, css: bool = False) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if css:
        dest.write_text(_css(src.read_text(encoding="utf-8")), encoding="utf-8")
    elif src.suffix in {".js", ".mjs"}:
        dest.write_text(_SOURCEMAP.sub("", src.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        shutil.copyfile(src, dest)


def vendor(node_modules: Path = NODE_MODULES, out: Path = OUT) -> int:
    """Copy and rewrite the assets; returns the number of files written."""
    govuk = node_modules / "govuk-frontend" / "dist" / "govuk"
    moj = node_modules / "@ministryofjustice" / "frontend" / "moj"
    files: list[tuple[Path, Path, bool]] = [
        (govuk / "govuk-frontend.min.css", out / "govuk" / "govuk-frontend.min.css", True),
        (govuk / "govuk-frontend.min.js", out / "govuk" / "govuk-frontend.min.js", False),
        (moj / "moj-frontend.min.css", out / "moj" / "moj-frontend.min.css", True),
        (moj / "moj-frontend.min.js", out / "moj" / "moj-frontend.min.js", False),
        (node_modules / "htmx.org" / "dist" / "htmx.min.js", out / "htmx" / "htmx.min.js", False),
        (node_modules / "leaflet" / "dist" / "leaflet.js", out / "leaflet" / "leaflet.js", False),
        (node_modules / "leaflet" / "dist" / "leaflet.css", out / "leaflet" / "leaflet.css", False),
    ]
    for images, dest in (
        (govuk / "assets" / "images", out / "govuk" / "assets" / "images"),
        (moj / "assets" / "images", out / "moj" / "assets" / "images"),
        (node_modules / "leaflet" / "dist" / "images", out / "leaflet" / "images"),
    ):
        files += [(f, dest / f.name, False) for f in sorted(images.glob("*")) if f.is_file()]
    missing = [str(src) for src, _, _ in files if not src.exists()]
    if missing:
        raise SystemExit("Front-end packages missing (run `npm ci`): " + ", ".join(missing))
    if out.exists():
        shutil.rmtree(out)
    for src, dest, css in files:
        _copy(src, dest, css=css)
    return len(files)


def main() -> None:
    count = vendor()
    sys.stdout.write(f"vendored {count} front-end files into {OUT.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
