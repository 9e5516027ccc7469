"""The family as a picture (issue 14.8): a genogram of the child's relationships on the record, laid out here and
drawn by the template as SVG beside the relationships table (which is its text equivalent, with the description
this module writes).

Conventions (simplified from common genogram practice): a square is male, a circle female, a diamond another or
unknown sex; the child has a double outline; people living with the child are shaded; an ended relationship is
dashed. Rows are generations: grandparents, parents and carers, the child with brothers and sisters, the child's own
children; everyone else in the child's life (a household member, another relative, an alleged perpetrator) is in a
row of their own beneath. A restricted record the reader may not open is drawn without a name."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

# Generation of the related person, relative to the child, by what they are to the child.
GENERATION = {"grandparent": -2, "mother": -1, "father": -1, "step_parent": -1, "parent_partner": -1, "carer": -1,
              "aunt_uncle": -1, "sibling": 0, "half_sibling": 0}
# Read the other way round (the child is the mother of X: X is the child's child).
INVERSE_GENERATION = {"mother": 1, "father": 1, "step_parent": 1, "parent_partner": 1, "carer": 1,
                      "grandparent": 2, "aunt_uncle": 1, "sibling": 0, "half_sibling": 0}
OTHERS = 9  # the row for everyone else
BOX, GAP_X, GAP_Y, MARGIN = 44, 150, 120, 40


@dataclass
class Node:
    key: int
    name: str
    label: str  # what they are to the child
    shape: str  # "square", "circle", "diamond"
    generation: int
    household: bool = False
    ended: bool = False
    subject: bool = False
    href: str = ""
    x: float = 0
    y: float = 0

    @property
    def half(self) -> float:
        return BOX / 2


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    style: str = "solid"  # "solid", "dashed" (a partner who is not a parent), "dotted" (half-sibling)


@dataclass
class Genogram:
    nodes: list[Node] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    width: int = 0
    height: int = 0
    description: str = ""


def _shape(sex: str) -> str:
    return {"M": "square", "F": "circle"}.get(sex, "diamond")


def layout(subject, related, *, household_ids: set[int], masked_ids: set[int]) -> Genogram:
    """`related`: people.selectors.RelatedPerson rows. Returns the nodes placed and the lines between them."""
    def name_of(p) -> str:
        return "Restricted record" if p.pk in masked_ids else f"{p.forename} {p.surname}"

    nodes: dict[int, Node] = {subject.pk: Node(subject.pk, name_of(subject), "The child", _shape(subject.sex), 0,
                                               subject=True)}
    for r in related:
        p, rel = r.person, r.relationship
        if p.pk in nodes:
            continue
        outward = rel.person_id == subject.pk  # rel.related is `type` of the child
        generation = (GENERATION if outward else INVERSE_GENERATION).get(rel.type, OTHERS)
        nodes[p.pk] = Node(p.pk, name_of(p), r.label, _shape(p.sex), generation, household=p.pk in household_ids,
                           ended=not r.current, href=reverse("people:detail", args=[p.pk]))
    rows: dict[int, list[Node]] = {}
    for n in nodes.values():
        rows.setdefault(n.generation, []).append(n)
    order = {"father": 0, "Father": 0, "mother": 1, "Mother": 1}
    for generation, row in rows.items():
        if generation == 0:  # the child in the middle of their brothers and sisters
            others = sorted((n for n in row if not n.subject), key=lambda n: n.label)
            half = len(others) // 2
            rows[0] = [*others[:half], nodes[subject.pk], *others[half:]]
        else:
            row.sort(key=lambda n: (order.get(n.label, 5), n.label, n.name))
    widest = max(len(r) for r in rows.values())
    width = MARGIN * 2 + max(1, widest) * GAP_X
    generations = sorted(rows)
    for level, generation in enumerate(generations):
        row = rows[generation]
        start = (width - len(row) * GAP_X) / 2 + GAP_X / 2
        for i, n in enumerate(row):
            n.x, n.y = round(start + i * GAP_X), round(MARGIN + BOX / 2 + level * GAP_Y)
    lines: list[Line] = []
    child = nodes[subject.pk]
    parents = [n for n in rows.get(-1, []) if n.label in ("Mother", "Father")]
    partners = [n for n in rows.get(-1, []) if n.label in ("Step-parent", "Parent's partner")]
    siblings = [n for n in rows.get(0, []) if not n.subject]
    if parents:
        if len(parents) == 2:  # the couple line
            lines.append(Line(parents[0].x + BOX / 2, parents[0].y, parents[1].x - BOX / 2, parents[1].y))
        top_x = sum(p.x for p in parents) / len(parents)
        bar_y = child.y - BOX / 2 - 25
        lines.append(Line(top_x, parents[0].y + (0 if len(parents) == 2 else BOX / 2), top_x, bar_y))
        full = [n for n in [child, *siblings] if n.label in ("The child", "Sibling")]
        xs = [n.x for n in full] + [top_x]
        lines.append(Line(min(xs), bar_y, max(xs), bar_y))
        for n in full:
            lines.append(Line(n.x, bar_y, n.x, n.y - BOX / 2))
        for n in (s for s in siblings if s.label == "Half-sibling"):
            lines.append(Line(top_x, bar_y, n.x, n.y - BOX / 2, "dotted"))
        for p in partners:
            nearest = min(parents, key=lambda q: abs(q.x - p.x))
            lines.append(Line(p.x, p.y, nearest.x, nearest.y, "dashed"))
    for n in rows.get(1, []):
        lines.append(Line(child.x, child.y + BOX / 2, n.x, n.y - BOX / 2))
    grandparents = rows.get(-2, [])
    if grandparents and parents:  # to the parents' couple line (which parent's parent is not always recorded)
        gx = sum(g.x for g in grandparents) / len(grandparents)
        px = sum(p.x for p in parents) / len(parents)
        lines.append(Line(gx, grandparents[0].y + BOX / 2 + 44, px, parents[0].y - (0 if len(parents) == 2 else BOX / 2)))
    height = MARGIN + len(generations) * GAP_Y
    living = [n.name for n in nodes.values() if n.household and not n.subject]
    description = (f"{child.name}'s family: " + "; ".join(f"{n.name}, {n.label.lower()}{' (ended)' if n.ended else ''}"
                                                       for n in nodes.values() if not n.subject)
                   + (f". Living with {child.name}: {', '.join(living)}." if living else "."))
    return Genogram(nodes=list(nodes.values()), lines=lines, width=int(width), height=int(height),
                    description=description)
