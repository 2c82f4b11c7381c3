"""Speaker suggestions: cues after and before a quote, pronouns, continued quotes, none."""

from __future__ import annotations

import re
from pathlib import Path

from tui.suggest.speaker_eval import main, read_speaker_gold, score_speakers
from tui.suggest.speakers import Extent, suggest_speakers

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"


def extents(text: str, pattern: str) -> list[Extent]:
    return [m.span() for m in re.finditer(pattern, text)]


def speakers(text: str, people: list[str], untagged: list[str] = ()) -> dict[str, str]:  # type: ignore[assignment]
    """quote text → speaker text."""
    quotes = extents(text, r"“[^”]*”")
    tagged = [e for name in people for e in extents(text, re.escape(name))]
    others = [e for name in untagged for e in extents(text, re.escape(name))]
    found = suggest_speakers(text, quotes, tagged, untagged=others)
    return {text[s.quote[0] : s.quote[1]]: text[s.speaker[0] : s.speaker[1]] for s in found}


def test_cue_after_the_quote_names_the_speaker() -> None:
    text = "“We are close,” said Marieke de Vries, who led the union. Bo Lin nodded."
    assert speakers(text, ["Marieke de Vries", "Bo Lin"]) == {"“We are close,”": "Marieke de Vries"}


def test_name_before_the_cue_after_the_quote() -> None:
    text = "“It is a final push,” military spokesman Major General Waheed Arshad told AFP."
    assert speakers(text, ["Waheed Arshad"]) == {"“It is a final push,”": "Waheed Arshad"}


def test_cue_before_the_quote_prefers_its_subject() -> None:
    text = "Arshad said he had “no information” about the fate of Abdul Rashi Ghazi."
    assert speakers(text, ["Arshad", "Abdul Rashi Ghazi"]) == {"“no information”": "Arshad"}


def test_pronoun_goes_to_the_subject_before_not_the_nearest_name() -> None:
    text = (
        "Arshad said he knew nothing about Abdul Rashi Ghazi, the cleric.\n"
        "“They are in the basement,” he said."
    )
    found = speakers(text, ["Arshad", "Abdul Rashi Ghazi"])
    assert found == {"“They are in the basement,”": "Arshad"}


def test_a_continued_quote_has_the_previous_speaker_and_its_nearest_mention() -> None:
    text = "“No,” Ghazi said. “They kept on changing their demands.”"
    assert speakers(text, ["Ghazi"]) == {
        "“No,”": "Ghazi",
        "“They kept on changing their demands.”": "Ghazi",
    }


def test_scare_quotes_titles_and_unnamed_speakers_get_none() -> None:
    text = (
        "Renée Dubois served a dish the judges called “the quietest in the room.” "
        "A spokesman said: “We are ready.” Maersk said it expected calm “within weeks.”"
    )
    assert speakers(text, ["Renée Dubois"]) == {}


def test_an_untagged_name_is_proposed_as_a_new_person_span() -> None:
    text = "“We share what there is,” said Abdi Ali, the caretaker."
    quotes = extents(text, r"“[^”]*”")
    (found,) = suggest_speakers(text, quotes, [], untagged=extents(text, "Abdi Ali"))
    assert text[found.speaker[0] : found.speaker[1]] == "Abdi Ali" and not found.tagged
    assert "said Abdi Ali" in found.reason


def test_a_quote_with_a_known_speaker_is_skipped_but_continues() -> None:
    text = "“No,” Ghazi said. “They kept on.”"
    quotes = extents(text, r"“[^”]*”")
    ghazi = extents(text, "Ghazi")
    found = suggest_speakers(text, quotes, ghazi, known={quotes[0]: ghazi[0]})
    assert [(s.quote, s.speaker, s.tagged) for s in found] == [(quotes[1], ghazi[0], True)]


def test_a_name_inside_a_quote_never_speaks() -> None:
    text = "“Ask Musharraf,” he said."
    assert speakers(text, ["Musharraf"]) == {}


def test_tuning_gold_accuracy() -> None:
    """The figure docs/suggestions.md reports for the tuning set (the held-out set is measured
    by `make eval` only, never by tests that could be tuned against)."""
    documents = [d for path in sorted(GOLD.glob("*.jsonl")) for d in read_speaker_gold(path)]
    score = score_speakers(documents)
    assert (score.correct, score.gold, score.false_speakers) == (39, 39, 0)


def test_the_evaluator_prints_each_set(capsys: object, tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "a", "text": "“Hi,” said Ana Díaz.", "spans": ['
        '{"start": 0, "end": 5, "label": "QUOTE", "text": "“Hi,”"},'
        '{"start": 11, "end": 19, "label": "PERSON", "text": "Ana Díaz"}],'
        ' "relations": [{"head": {"start": 0, "end": 5, "label": "QUOTE"},'
        ' "child": {"start": 11, "end": 19, "label": "PERSON"}, "label": "SPEAKER"}]}\n',
        encoding="utf-8",
    )
    assert main([str(path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "tagged   accuracy 1.000 (1/1 quotes with a speaker)" in out
