"""The law registry: the laws and documents checklists may cite, one TOML file per law.

The registry holds facts (numbers, dates, chapters, the articles checklists use with a
one-line paraphrase), never statutory text. An article not listed here cannot be cited:
that is how ``audit checklists lint`` keeps citations honest (laws.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from audit.checklist.model import Citation, Day, Model, Text
from audit.diagnostics import Diagnostic
from audit.i18n import Lang, pick

LawKind = Literal["law", "regulation", "party_rule", "policy", "practice"]


class Chapter(Model):
    """A chapter with its title and, where known, its article range."""

    number: int = Field(ge=1)
    title: Text
    first_article: int | None = Field(default=None, ge=1)
    last_article: int | None = Field(default=None, ge=1)
    note: Text | None = None


class Provision(Model):
    """A numbered paragraph (款) or item (项) of an article, paraphrased."""

    number: int = Field(ge=1)
    summary: Text


class Article(Model):
    """An article checklists may cite, with a one-line paraphrase."""

    number: int = Field(ge=1)
    chapter: int | None = Field(default=None, ge=1)
    summary: Text
    paragraphs: list[Provision] = Field(default_factory=list)
    items: list[Provision] = Field(default_factory=list)


class Law(Model):
    """One law, regulation or policy document of the registry."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: LawKind
    title: Text
    short_title: Text | None = None
    issuer: Text
    number: str | None = None
    adopted: Day | None = None
    promulgated: Day | None = None
    in_force: Day | None = None
    replaced_by: str | None = None
    replaces: str | None = None
    articles_total: int | None = Field(default=None, ge=1)
    note: Text | None = None
    chapters: list[Chapter] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)

    @property
    def effective(self) -> Day | None:
        """The first day it governs: its date in force, else (a policy document, which
        takes effect as it is issued) its date of issue. None where neither is known."""
        return self.in_force or self.promulgated

    def problems(self) -> list[Diagnostic]:
        """Where the law's numbers contradict each other, each at its TOML path (the
        registry file locates them): a number listed twice, an article past the law's
        total, or outside the chapter it names, chapters whose articles overlap, dates out
        of order (adopted, promulgated, in force)."""
        found: list[Diagnostic] = []

        def problem(code: str, path: tuple[str | int, ...], **args: Any) -> None:
            found.append(Diagnostic(code, args, path=path))

        dated = [(n, d) for n in ("adopted", "promulgated", "in_force") if (d := getattr(self, n))]
        for (earlier, earlier_date), (later, later_date) in pairwise(dated):
            if later_date < earlier_date:
                problem(
                    "law.dates-order",
                    (later,),
                    later=later,
                    later_date=str(later_date),
                    earlier=earlier,
                    earlier_date=str(earlier_date),
                )
        ranged = sorted(
            (c.first_article, c.last_article, c.number, index)
            for index, c in enumerate(self.chapters)
            if c.first_article is not None
            and c.last_article is not None
            and c.first_article <= c.last_article
        )
        for (start, end, number, _), (o_start, o_end, other, index) in pairwise(ranged):
            if o_start <= end:  # sorted by first article: a chapter reaching into the next
                at = ("chapters", index, "first_article")
                span = {"first": o_start, "last": o_end, "other_first": start, "other_last": end}
                problem("law.chapter-overlap", at, chapter=other, other=number, **span)
        seen: set[int] = set()
        for index, chapter in enumerate(self.chapters):
            if chapter.number in seen:
                problem(
                    "law.duplicate-chapter", ("chapters", index, "number"), chapter=chapter.number
                )
            seen.add(chapter.number)
            first, last = chapter.first_article, chapter.last_article
            if first is not None and last is not None and first > last:
                at = ("chapters", index, "last_article")
                problem("law.chapter-range", at, chapter=chapter.number, first=first, last=last)
        seen = set()
        for index, article in enumerate(self.articles):
            number = article.number
            if number in seen:
                problem("law.duplicate-article", ("articles", index, "number"), article=number)
            seen.add(number)
            if self.articles_total is not None and number > self.articles_total:
                at = ("articles", index, "number")
                problem("law.article-range", at, article=number, total=self.articles_total)
            if article.chapter is None:
                continue
            at = ("articles", index, "chapter")
            named = self.chapters_by_number.get(article.chapter)
            if named is None:
                problem("law.article-chapter", at, article=number, chapter=article.chapter)
                continue
            first, last = named.first_article, named.last_article
            if (first is not None and number < first) or (last is not None and number > last):
                problem(
                    "law.article-outside-chapter",
                    at,
                    article=number,
                    chapter=named.number,
                    first=first or "…",
                    last=last or "…",
                )
        return found

    def link_problems(self, known: Collection[str]) -> list[Diagnostic]:
        """``replaced_by`` / ``replaces`` naming a law that is not among ``known``, or
        the law itself."""
        from audit.i18n import did_you_mean

        found = [
            Diagnostic(
                "cite.unknown-law",
                {"law": ref, "suggestion": did_you_mean(ref, known)},
                path=(key,),
            )
            for key in ("replaced_by", "replaces")
            if (ref := getattr(self, key)) is not None and ref not in known
        ]
        found += [  # a text cannot follow itself: findings would be marked against itself
            Diagnostic("law.replaces-itself", {"key": key}, path=(key,))
            for key in ("replaced_by", "replaces")
            if getattr(self, key) == self.id
        ]
        return found

    @cached_property
    def articles_by_number(self) -> dict[int, Article]:
        """Listed articles keyed by number."""
        return {a.number: a for a in self.articles}

    @cached_property
    def chapters_by_number(self) -> dict[int, Chapter]:
        """Listed chapters keyed by number."""
        return {c.number: c for c in self.chapters}


@dataclass(frozen=True)
class CitationProblem:
    """Why a citation cannot be verified: a message code and its arguments."""

    code: str
    args: dict[str, object]
    field: str


class Registry:
    """All laws of the registry, keyed by id."""

    def __init__(self, laws: dict[str, Law], *, sources: dict[str, Path] | None = None) -> None:
        self.laws = laws
        self.sources = sources or {}

    def __iter__(self) -> Iterator[Law]:
        return iter(sorted(self.laws.values(), key=lambda law: law.id))

    def __contains__(self, law_id: object) -> bool:
        return law_id in self.laws

    def get(self, law_id: str) -> Law | None:
        """The law with ``law_id``, or None."""
        return self.laws.get(law_id)

    def in_force_between(self, law_id: str) -> tuple[Day | None, Day | None]:
        """(first day in force, first day its replacement is in force): None where the
        registry gives no date. A text dated only by its issue is in force from that day:
        a period before it was issued is marked, as one before a law's date in force is."""
        law = self.laws.get(law_id)
        if law is None:
            return None, None
        replacement = self.laws.get(law.replaced_by) if law.replaced_by else None
        return law.effective, replacement.effective if replacement is not None else None

    def standing(self, cite: Citation, lang: Lang) -> str:
        """What a reader of ``cite`` must know beside it, where the checklist's own note
        does not say it: the text it cites was replaced, by which, from when ("" if not)."""
        law = self.laws.get(cite.law)
        if law is None or cite.note is not None or not law.replaced_by:
            return ""
        replacement = self.laws.get(law.replaced_by)
        if replacement is None:
            return ""
        number = f"（{replacement.number}）" if replacement.number else ""
        since = replacement.effective
        if lang == "zh":
            when = f"，自 {since.isoformat()} 起" if since else ""
            return f"（已由《{replacement.title.zh}》{number}取代{when}）"
        # (the decree number is Chinese: a revision of the same title is "its later text")
        named = "its later text" if replacement.title.en == law.title.en else replacement.title.en
        when = f" from {since.isoformat()}" if since else ""
        return f" (replaced by {named}{when})"

    def check(self, cite: Citation) -> list[CitationProblem]:
        """Everything that makes ``cite`` unverifiable against the registry (empty if fine)."""
        from audit.i18n import did_you_mean

        law = self.laws.get(cite.law)
        if law is None:
            return [
                CitationProblem(
                    "cite.unknown-law",
                    {"law": cite.law, "suggestion": did_you_mean(cite.law, self.laws)},
                    "law",
                )
            ]
        problems: list[CitationProblem] = []
        if cite.article is not None and cite.chapter is not None:
            problems.append(CitationProblem("cite.form", {}, "chapter"))
        if cite.article is None and (cite.paragraph is not None or cite.item is not None):
            given = "paragraph" if cite.paragraph is not None else "item"  # the key written
            problems.append(CitationProblem("cite.paragraph-needs-article", {}, given))
        if cite.chapter is not None and cite.chapter not in law.chapters_by_number:
            # a document the registry lists no chapters of is cited whole: said so
            code = "cite.unknown-chapter" if law.chapters else "cite.no-chapters"
            problems.append(
                CitationProblem(code, {"law": law.id, "chapter": cite.chapter}, "chapter")
            )
        if cite.article is not None:
            article = law.articles_by_number.get(cite.article)
            if article is None:
                known = sorted(law.articles_by_number)
                listing = f" ({', '.join(map(str, known))})" if known else ""
                problems.append(
                    CitationProblem(
                        "cite.unknown-article" if known else "cite.no-articles",
                        {"law": law.id, "article": cite.article, "known": listing},
                        "article",
                    )
                )
            else:
                for level, code in (
                    ("paragraph", "cite.unknown-paragraph"),
                    ("item", "cite.unknown-subitem"),
                ):
                    number = getattr(cite, level)
                    listed = {p.number for p in getattr(article, level + "s")}
                    if number is not None and number not in listed:
                        problems.append(
                            CitationProblem(
                                code,
                                {"law": law.id, "article": article.number, level: number},
                                level,
                            )
                        )
        return problems

    def explain(self, cite: Citation, lang: Lang) -> str:
        """A citation with the registry's paraphrase of what it says."""
        text = self.describe(cite, lang)
        law = self.get(cite.law)
        summary = None
        if law is not None and cite.article is not None:
            article = law.articles_by_number.get(cite.article)
            if article is not None:
                summary = article.summary.get(lang)
                for level in ("paragraph", "item"):
                    number = getattr(cite, level)
                    for provision in getattr(article, level + "s"):
                        if provision.number == number:
                            summary = provision.summary.get(lang)
        elif law is not None and cite.chapter is not None:
            chapter = law.chapters_by_number.get(cite.chapter)
            summary = chapter.title.get(lang) if chapter else None
        if summary:
            text += pick(lang, f"：{summary}", f": {summary}")
        if cite.note is not None:
            text += pick(lang, f"（{cite.note.zh}）", f" ({cite.note.en})")
        return text

    def describe(self, cite: Citation, lang: Lang) -> str:
        """A citation as a reader writes it: 《优化营商环境条例》第六十九条第（十一）项."""
        law = self.laws.get(cite.law)
        title = law.title.get(lang) if law else cite.law
        if lang == "zh":
            text = f"《{title}》"
            if cite.chapter is not None:
                text += f"第{_zh_number(cite.chapter)}章"
            if cite.article is not None:
                text += f"第{_zh_number(cite.article)}条"
            if cite.paragraph is not None:
                text += f"第{_zh_number(cite.paragraph)}款"
            if cite.item is not None:
                text += f"第（{_zh_number(cite.item)}）项"
            return text
        parts = [title]
        if cite.chapter is not None:
            parts.append(f"ch. {cite.chapter}")
        if cite.article is not None:
            parts.append(f"art. {cite.article}")
        if cite.paragraph is not None:
            parts.append(f"para. {cite.paragraph}")
        if cite.item is not None:
            parts.append(f"item {cite.item}")
        return ", ".join(parts)


_DIGITS = "零一二三四五六七八九"


def _zh_number(n: int) -> str:
    """Chinese numerals as used in article numbers (1–999)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + _DIGITS[rest]
        else:
            tens, ones = divmod(rest, 10)
            tail = _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
        return _DIGITS[hundreds] + "百" + tail
    return str(n)
