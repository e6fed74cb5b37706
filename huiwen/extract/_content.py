"""Find the article body and turn it into typed blocks.

Scoring: every block-level element owns the text written directly in it (inline children
included, nested blocks excluded). That text is *prose* when it reads like sentences
(sentence punctuation or long enough) and is not mostly link text; otherwise it is
*chrome* (links, labels). A container scores its prose minus penalised chrome, summed
over its subtree, so the best container is the smallest one holding most of the prose
without dragging in navigation. This needs a single pass over the tree, no recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from huiwen.extract._dom import collapse_whitespace, element_text, iter_bounded
from huiwen.extract._metadata import absolute_url
from huiwen.extract._policy import MAX_DEPTH, ExtractPolicy, current_policy
from huiwen.extract._result import Block

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD_TAGS = frozenset({"strong", "b"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_IMAGE_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "src")
_SIZE = re.compile(r"\d+")
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?；;])|(?<=\.)(?=[A-Z\"“])")


def find_content(root: etree._Element) -> list[etree._Element]:
    """The element(s) holding the article body, in document order.

    Each element's children form a sequence of subtree scores; the article is the best
    contiguous run of siblings (maximum-subarray), so a story followed by a pile of
    teaser tables inside the same cell is cut where the teasers start, and a story split
    over several sibling blocks is kept whole.
    """
    policy = current_policy()
    scores, own = _score_tree(root)
    best: tuple[float, etree._Element, int, int] | None = None
    for element in scores:
        if element.tag not in policy.block_tags or len(element) == 0 and element not in own:
            continue
        total, first, last = _best_run(element, scores, own)
        if best is None or total > best[0]:
            best = (total, element, first, last)
    if best is None or best[0] <= 0:
        return []
    total, element, first, last = best
    # A run dominated by one child is that child plus a few stray lines (a summary box,
    # a copyright line) next to it: look inside the child instead.
    for _ in range(MAX_DEPTH):
        children = list(element)[max(first, 0) : last + 1]
        leader = max(children, key=lambda c: scores.get(c, 0.0), default=None)
        if leader is None or scores.get(leader, 0.0) < total * policy.descend_ratio or len(leader) == 0:
            break
        leader_total, leader_first, leader_last = _best_run(leader, scores, own)
        if leader_total < total * policy.descend_ratio:
            break
        total, element, first, last = leader_total, leader, leader_first, leader_last
    if first < 0:  # the run includes text written directly in the element
        return [element]
    children = list(element)
    # The run stops at anything scored below zero, which includes a byline, a deck line
    # or a heading right at its edges: widen it over short non-link lines.
    while first > 0 and _is_edge_line(children[first - 1], scores):
        first -= 1
    while last + 1 < len(children) and _is_edge_line(children[last + 1], scores):
        last += 1
    return children[first : last + 1]


def _is_edge_line(element: etree._Element, scores: dict[etree._Element, float]) -> bool:
    """A short line next to the run (byline, deck, heading), not a block scored out of it."""
    policy = current_policy()
    if scores.get(element, 0.0) <= -policy.edge_label_allowance:
        return False
    return sum(len(text.strip()) for text in element.itertext()) <= policy.edge_line_max_chars


def _best_run(
    element: etree._Element, scores: dict[etree._Element, float], own: dict[etree._Element, float]
) -> tuple[float, int, int]:
    """Maximum-sum run over [own text, child 0, child 1, ...]; index -1 is own text."""
    best_total, best_first, best_last = float("-inf"), -1, -1
    running, running_first = 0.0, -1
    values = [own.get(element, 0.0)] + [scores.get(child, 0.0) for child in element]
    for index, value in enumerate(values, start=-1):
        if running <= 0:
            running, running_first = value, index
        else:
            running += value
        if running > best_total:
            best_total, best_first, best_last = running, running_first, index
    return best_total, best_first, best_last


def _score_tree(root: etree._Element) -> tuple[dict[etree._Element, float], dict[etree._Element, float]]:
    """Subtree score of every element, and the score of the text each block owns."""
    policy = current_policy()
    # block -> [chars, link chars, punctuation, pieces, lines]; lines are the same counts
    # per line, a line ending at each <br> written in the block.
    owned_text: dict[etree._Element, list] = {}
    owner_of: dict[etree._Element, etree._Element] = {}
    in_link: set[etree._Element] = set()
    order: list[etree._Element] = []
    parent_of: dict[etree._Element, etree._Element] = {}

    for element in iter_bounded(root):
        order.append(element)
        parent = element.getparent()
        if parent is not None:
            parent_of[element] = parent
        linked = element.tag == "a" or (parent in in_link)
        if linked:
            in_link.add(element)
        is_block = element.tag in policy.block_tags and not (parent in in_link or _runs_in_text(element)) or parent is None
        owner = element if is_block else owner_of.get(parent, root)
        owner_of[element] = owner
        if is_block:
            owned_text.setdefault(element, _new_stats())
        elif element.tag == "br":
            lines = owned_text.setdefault(owner, _new_stats())[4]
            if lines[-1][0]:
                lines.append([0, 0, 0])
        if element.text:
            _count(owned_text.setdefault(owner, _new_stats()), element.text, linked, policy)
        if element.tail and parent is not None:
            _count(owned_text.setdefault(owner_of.get(parent, root), _new_stats()), element.tail, parent in in_link, policy)

    own: dict[etree._Element, float] = {}
    seen: set[str] = set()  # sentences of prose blocks met so far
    for element, (chars, link_chars, punctuation, pieces, lines) in owned_text.items():
        if not chars:
            continue
        text = "".join(pieces) if chars <= policy.max_legal_line_chars or chars >= policy.min_duplicate_chars else ""
        if chars <= policy.max_legal_line_chars and policy.legal_line.search(text):
            # Site-wide legal lines (licence numbers, reprint bans, rights reserved) read
            # like sentences but belong to the footer, wherever the layout puts them.
            own[element] = -policy.chrome_penalty * chars
        elif link_chars > chars * policy.max_link_density and len(lines) > 1:
            # Lines written straight into one element, a story above a link list longer
            # than it, are one unit to the run over children: judged whole, the story
            # would be buried under its links. Its best run of lines scores instead.
            own[element] = max(-policy.chrome_penalty * chars, _story_lines_score(lines, policy))
        else:
            own[element] = _text_score(chars, link_chars, punctuation, policy)
        if chars >= policy.min_duplicate_chars:
            # Sentences already seen on the page (a mobile copy of the story, a repeated
            # lead) count once, so two copies never pull the chrome between them into the
            # run; sentences rather than whole blocks, since copies are laid out differently.
            sentences = [piece for piece in _SENTENCE_SPLIT.split(text) if len(piece) >= policy.min_sentence_chars]
            repeated = chars if text in seen else sum(len(piece) for piece in sentences if piece in seen)
            if repeated and own[element] > 0:
                own[element] *= max(0.0, 1.0 - repeated / chars)
            seen.update(sentences)
            seen.add(text)
    scores = dict(own)
    for element in reversed(order):
        parent = parent_of.get(element)
        if parent is not None and element in scores:
            scores[parent] = scores.get(parent, 0.0) + scores[element]
    return scores, own


def _text_score(chars: int, link_chars: int, punctuation: int, policy: ExtractPolicy) -> float:
    """Prose scores its unlinked characters less its links; link-dense text and short
    unpunctuated labels score against the run."""
    if link_chars > chars * policy.max_link_density:
        return -policy.chrome_penalty * chars
    if punctuation or chars >= policy.min_prose_chars:
        return chars - link_chars - policy.chrome_penalty * link_chars
    return -policy.label_penalty * chars


def _story_lines_score(lines: list[list[int]], policy: ExtractPolicy) -> float:
    """The best run of consecutive lines, when it holds a story's worth of prose."""
    best, best_prose = float("-inf"), 0
    running, running_prose = 0.0, 0
    for chars, link_chars, punctuation in lines:
        if not chars:
            continue
        score = _text_score(chars, link_chars, punctuation, policy)
        if running <= 0:
            running, running_prose = score, 0
        else:
            running += score
        running_prose += max(chars - link_chars, 0) if score > 0 else 0
        if running > best:
            best, best_prose = running, running_prose
    return best if best_prose >= policy.min_story_lines_chars else float("-inf")


def _new_stats() -> list:
    return [0, 0, 0, [], [[0, 0, 0]]]


def _count(stats: list, text: str, linked: bool, policy: ExtractPolicy) -> None:
    stripped = "".join(text.split())
    if not stripped:
        return
    size, marks = len(stripped), len(policy.sentence_punctuation.findall(stripped))
    line = stats[4][-1]
    stats[3].append(stripped)
    stats[0] += size
    line[0] += size
    if linked:
        stats[1] += size
        line[1] += size
    stats[2] += marks
    line[2] += marks


# --- blocks ---------------------------------------------------------------------------


@dataclass
class RawBlock:
    """A block plus the layout signals later stages need (bold, centred, link share)."""

    block: Block
    link_density: float = 0.0
    bold: bool = False
    centered: bool = False
    #: Whether it links to another site (a social account, a fan page): furniture at the end.
    links_away: bool = False


class _BlockBuilder:
    def __init__(self, base_url: str | None) -> None:
        self.policy = current_policy()
        self.base_url = base_url
        self._site = _site_of(base_url)
        self._links_away = False
        self.blocks: list[RawBlock] = []
        self._pieces: list[str] = []
        self._chars = 0
        self._bold_chars = 0
        self._link_chars = 0
        self._centered = False

    def add_text(self, text: str | None, bold: bool, linked: bool) -> None:
        if not text:
            return
        self._pieces.append(text)
        size = len(text.strip())
        self._chars += size
        if bold:
            self._bold_chars += size
        if linked:
            self._link_chars += size

    def flush(self, kind: str = "paragraph") -> None:
        text = collapse_whitespace("".join(self._pieces))
        if text and len(self.blocks) < self.policy.max_blocks:
            chars = max(self._chars, 1)
            self.blocks.append(
                RawBlock(
                    Block(kind, text),  # type: ignore[arg-type]
                    link_density=self._link_chars / chars,
                    bold=self._bold_chars >= chars * self.policy.min_bold_share,
                    centered=self._centered,
                    links_away=self._links_away,
                )
            )
        self._pieces, self._chars, self._bold_chars, self._link_chars = [], 0, 0, 0
        self._centered = self._links_away = False

    def emit(self, raw: RawBlock) -> None:
        self.flush()
        if len(self.blocks) < self.policy.max_blocks:
            self.blocks.append(raw)

    def walk(self, element: etree._Element, depth: int = 0, bold: bool = False, linked: bool = False) -> None:
        tag = element.tag
        if not isinstance(tag, str) or depth > MAX_DEPTH:
            return
        if tag == "br":
            self.flush()
        elif tag == "img":
            self._image(element)
        elif tag in _HEADING_TAGS:
            text = element_text(element)
            if text:
                level = 2 if tag in ("h1", "h2") else 3
                self.emit(RawBlock(Block("heading", text, level=level)))
        elif tag in ("ul", "ol", "dl"):
            self._list(element)
        elif tag == "table" and self._is_data_table(element):
            rows = [
                [element_text(cell) for cell in row.iterfind("./*") if cell.tag in ("td", "th")]
                for row in element.iterfind(".//tr")
            ]
            rows = [row for row in rows if any(row)]
            if rows:
                flat = " ".join(" ".join(row) for row in rows)
                self.emit(RawBlock(Block("table", flat, rows=rows)))
        elif tag == "pre":
            # Code and preformatted text: its line breaks and indentation are the content.
            text = "".join(element.itertext()).strip("\n").rstrip()
            if text.strip():
                self.emit(RawBlock(Block("code", text), link_density=_link_density(element, text)))
        elif tag == "blockquote":
            text = element_text(element)
            if text:
                self.emit(RawBlock(Block("quote", text), link_density=_link_density(element, text)))
        else:
            is_block = tag in self.policy.block_tags and not (linked or _runs_in_text(element))
            bold = bold or tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(element.get("style") or ""))
            linked = linked or tag == "a"
            if tag == "a" and self._site and _site_of(element.get("href")) not in (None, self._site):
                self._links_away = True
            centered = is_block and _is_centered(element)
            if is_block:
                self.flush()
                self._centered = centered
            self.add_text(element.text, bold, linked)
            for child in element:
                self.walk(child, depth + 1, bold, linked)
                self.add_text(child.tail, bold, linked)
            if is_block:
                self._centered = self._centered or centered
                self.flush()
            return
        # Tails of the special elements above are added by the parent's loop.

    def _image(self, element: etree._Element) -> None:
        src = next((element.get(name) for name in _IMAGE_SOURCES if element.get(name)), None)
        url = absolute_url(src, self.base_url)
        if not url or _is_tiny(element):
            return
        alt = collapse_whitespace(element.get("alt") or "") or None
        self.emit(RawBlock(Block("image", "", src=url, alt=alt)))

    def _list(self, element: etree._Element) -> None:
        items = [element_text(item) for item in element if item.tag in ("li", "dd", "dt")]
        items = [item for item in items if item]
        if items:
            text = "\n".join(items)
            self.emit(RawBlock(Block("list", text, items=items), link_density=_link_density(element, text)))

    def _is_data_table(self, table: etree._Element) -> bool:
        if table.find(".//table") is not None:
            return False
        cells = table.findall(".//td") + table.findall(".//th")
        limit = self.policy.max_table_cell_chars
        if len(cells) < self.policy.min_table_cells or any(len(element_text(cell)) > limit for cell in cells[:200]):
            return False
        return table.find(".//p") is None and table.find(".//div") is None




def _site_of(url: str | None) -> str | None:
    """The registered domain of an absolute URL ("news.sina.com.cn" -> "sina.com.cn")."""
    policy = current_policy()
    if not url or not url.startswith(("http://", "https://", "//")):
        return None
    labels = url.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0].lower().split(".")
    if labels[-1].isdigit():
        return ".".join(labels)  # an IPv4 address is its own site
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in policy.registry_labels else 2
    return ".".join(labels[-keep:]) or None


def _runs_in_text(element: etree._Element) -> bool:
    """A <font> inside a sentence (a coloured keyword, often a link: "包括<a><font>钢材</font></a>、水泥")
    is inline; only a <font> standing alone between blocks wraps lines of its own."""
    if element.tag != "font":
        return False
    if element.tail and element.tail.strip():
        return True
    previous, parent = element.getprevious(), element.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else None
    return bool(before and before.strip())


def _is_centered(element: etree._Element) -> bool:
    return (
        element.tag == "center"
        or (element.get("align") or "").lower() == "center"
        or bool(_CENTER_STYLE.search(element.get("style") or ""))
    )


def _is_tiny(image: etree._Element) -> bool:
    policy = current_policy()
    for attribute in ("width", "height"):
        match = _SIZE.match(image.get(attribute) or "")
        if match and int(match.group()) < policy.min_image_side:
            return True
    return False


def _link_density(element: etree._Element, text: str) -> float:
    linked = sum(len(element_text(link)) for link in element.iterfind(".//a"))
    return linked / max(len(text), 1)


def build_blocks(containers: list[etree._Element], base_url: str | None) -> list[RawBlock]:
    builder = _BlockBuilder(base_url)
    for container in containers:
        builder.walk(container)
        builder.flush()
    return builder.blocks
