"""``commdraft templates check``: every layout against the context it will be rendered with.

Reports, with the template and where in it: Jinja syntax errors; variables the context does not
provide (including attributes such as ``t.salutation`` and loop items such as ``s.name``); and
context entries that the layout never shows (a dropped section of the letter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from desktop_app.documents.render import TEMPLATE_DIR, jinja_environment, load_template

#: Context entries a layout may leave out without losing any content of the letter.
#: Context entries a layout may leave out: facts about the document, not text it must show.
OPTIONAL = {"lang", "rtl", "variant", "reply_status", "letterhead", "unit_keys", "properties"}


@dataclass(frozen=True)
class Problem:
    template: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.template}: {self.where}: {self.message}"


def template_variant(path: Path) -> str:
    return path.name.split(".", 1)[0]


def check_templates(
    contexts: dict[str, dict[str, Any]], template_dir: Path = TEMPLATE_DIR
) -> tuple[list[Path], list[Problem]]:
    """Check every ``*.docx`` layout in ``template_dir`` against the context of its variant."""
    paths = sorted(p for p in template_dir.glob("*.docx") if not p.name.startswith("~$"))
    problems: list[Problem] = []
    for path in paths:
        variant = template_variant(path)
        if variant not in contexts:
            problems.append(Problem(path.name, "file name",
                                    f"unknown variant {variant!r}: name layouts full*.docx or short*.docx"))
            continue
        problems.extend(check_template(path, contexts[variant]))
    return paths, problems


def check_template(path: Path, context: dict[str, Any]) -> list[Problem]:
    name = path.name
    try:
        tpl = load_template(path)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return [Problem(name, "file", str(exc))]
    env = jinja_environment()
    problems: list[Problem] = []
    used: set[str] = set()
    for part_name, xml in _parts(tpl):
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            problems.append(Problem(name, _where(part_name, source, exc.lineno),
                                    f"Jinja syntax error: {exc.message}"))
            continue
        walker = _Walker(context)
        walker.visit(ast, {})
        used |= walker.used
        for lineno, message in walker.unknown:
            problems.append(Problem(name, _where(part_name, source, lineno), message))
    for key in sorted(set(context) - used - OPTIONAL):
        problems.append(Problem(name, "whole layout",
                                f"missing variable: the layout never shows {key!r}"))
    return problems


def _parts(tpl: Any) -> list[tuple[str, str]]:
    parts = [("body", tpl.get_xml())]
    for relation in tpl.docx.part.rels.values():
        if relation.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI):
            kind = "header" if relation.reltype == tpl.HEADER_URI else "footer"
            parts.append((kind, relation.target_part.blob.decode("utf-8")))
    return parts


def _where(part: str, source: str, lineno: int | None) -> str:
    if not lineno:
        return part
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > 70:
        text = text[:67] + "..."
    return f"{part}, paragraph {lineno - 1}" + (f" ({text!r})" if text else "")


class _Walker:
    """Finds names and attributes a template reads that the context does not provide."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.used: set[str] = set()
        self.unknown: list[tuple[int, str]] = []

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            sample = self._value(node.iter, scope)
            item = sample[0] if isinstance(sample, list) and sample else _ANY
            inner = dict(scope)
            targets = [node.target] if isinstance(node.target, nodes.Name) else []
            for target in [*targets, *node.target.find_all(nodes.Name)]:
                inner[target.name] = item
            inner["loop"] = _ANY
            for child in node.body + node.else_:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Getattr):
            base = self._value(node.node, scope)
            self.visit(node.node, scope)
            if isinstance(base, dict) and node.attr not in base:
                self.unknown.append((node.lineno, f"unknown variable {_dotted(node)!r}"))
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name in scope:
                return
            if node.name in self.context:
                self.used.add(node.name)
            else:
                self.unknown.append((node.lineno, f"unknown variable {node.name!r}"))
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _value(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, self.context.get(node.name, _ANY))
        if isinstance(node, nodes.Getattr):
            base = self._value(node.node, scope)
            return base.get(node.attr, _ANY) if isinstance(base, dict) else _ANY
        return _ANY


class _Any:
    """A value whose shape is not known statically: anything may be read from it."""


_ANY = _Any()


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Name):
        return node.name
    return "..."
