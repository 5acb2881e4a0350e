"""Reading, checking, writing and comparing council assessments (JSON format version 1 and its CSV form)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from app.domain.assessment import (
    ADULT_OUTCOMES,
    CARER_OUTCOMES,
    Assessment,
    AssessmentType,
    Contribution,
    DesiredOutcome,
    Eligible,
    ParseResult,
    Period,
)
from app.domain.assessment_formats import (
    CSV_COLUMNS,
    MAX_FILE_BYTES,
    SCHEMA,
    Change,
    csv_safe,
    diff,
    parse_csv,
    parse_file,
    parse_json,
    to_csv,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "assessments"
HEADER = ",".join(CSV_COLUMNS)


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parsed(name: str) -> Assessment:
    result = parse_file(raw(name), name)
    assert result.problems == []
    assert result.assessment is not None
    return result.assessment


def good_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(raw("good-adult.json"))
    return data


def parse_data(data: Any, today: date | None = None) -> ParseResult:
    return parse_json(json.dumps(data).encode(), today=today)


def wheres(result: ParseResult) -> list[str]:
    assert result.assessment is None
    return [problem.where for problem in result.problems]


def csv_rows(name: str = "good-adult.csv") -> list[str]:
    return raw(name).decode("utf-8-sig").splitlines()


def csv_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def csv_table(name: str = "good-adult.csv") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw(name).decode("utf-8-sig"), newline="")))


def table_bytes(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(CSV_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


# The schema


def test_the_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_in_the_schema_is_described_and_objects_are_closed():
    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "/allOf/" not in path:
                assert node.get("additionalProperties") is False, path
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop:
                    # Only the if/then branches narrow a property already described.
                    assert "/allOf/" in path, f"{path}/{name}"
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}/{index}")

    walk(SCHEMA, "")


def test_the_schema_outcome_lists_match_the_regulations_lists():
    branches = {
        branch["if"]["properties"]["assessment"]["properties"]["type"]["const"]: branch for branch in SCHEMA["allOf"]
    }
    codes = {
        kind: branch["then"]["properties"]["needs"]["items"]["properties"]["outcome"]["enum"]
        for kind, branch in branches.items()
    }
    assert codes == {"adult": list(ADULT_OUTCOMES), "carer": list(CARER_OUTCOMES)}


# Good files


def test_the_adult_assessment_reads_in_full():
    assessment = parsed("good-adult.json")
    assert assessment.council == "demo"
    assert assessment.council_reference == "DC-000123"
    assert assessment.person.name == "Alex Morgan"
    assert assessment.person.email == "alex@example.org"
    assert assessment.assessment_id == "ASM-2026-0457"
    assert assessment.assessed_on == date(2026, 9, 14)
    assert assessment.assessor == "Priya Shah"
    assert assessment.kind is AssessmentType.ADULT
    assert [need.id for need in assessment.needs] == ["N1", "N2", "N3", "N4"]
    assert [outcome.id for outcome in assessment.desired_outcomes] == ["O1", "O2", "O3"]
    assert assessment.budget.indicative_annual_pence == 1248000
    assert assessment.budget.contribution == Contribution(amount_pence=3500, period=Period.WEEK)
    assert assessment.budget.direct_payment_available is True
    assert assessment.budget.explanation.startswith("We worked this out")
    assert assessment.review_date == date(2027, 9, 14)


def test_needs_keep_every_field():
    assessment = parsed("good-adult.json")
    carer_met = assessment.need("N2")
    assert carer_met is not None
    assert carer_met.met_by_carer is True
    assert carer_met.carer_name == "Sam Morgan"
    not_eligible = assessment.need("N4")
    assert not_eligible is not None
    assert not_eligible.eligible is Eligible.NO
    assert not_eligible.council_will_meet is False
    assert not_eligible.not_meeting_reason.startswith("Keeping the garden tidy")
    assert not_eligible.advice.startswith("The Age UK handyperson service")
    partly = assessment.need("N3")
    assert partly is not None and partly.eligible is Eligible.PARTLY and partly.met_by_carer is False


def test_the_carers_assessment_uses_carer_outcomes():
    assessment = parsed("good-carer.json")
    assert assessment.kind is AssessmentType.CARER
    assert assessment.council_reference == "DC-000456"
    assert [need.outcome for need in assessment.needs] == ["caring_for_others", "work_education", "recreation"]
    assert all(need.outcome in CARER_OUTCOMES for need in assessment.needs)
    assert len(assessment.desired_outcomes) == 2
    assert assessment.budget.indicative_annual_pence == 120000
    assert assessment.budget.contribution == Contribution(amount_pence=0, period=Period.MONTH)


def test_fifty_needs_read():
    assessment = parsed("good-50-needs.json")
    assert len(assessment.needs) == 50
    assert assessment.needs[-1].id == "N50"


def test_the_updated_assessment_reads():
    assessment = parsed("good-adult-updated.json")
    assert assessment.assessment_id == "ASM-2026-0457"
    assert assessment.assessed_on == date(2026, 11, 2)
    assert len(assessment.needs) == 5
    assert assessment.budget.indicative_annual_pence == 1456000


@pytest.mark.parametrize("name", ["good-adult.csv", "good-adult-bom.csv"])
def test_the_csv_form_gives_the_same_assessment_as_the_json(name):
    from_json = parsed("good-adult.json")
    from_csv = parsed(name)
    assert from_csv == from_json
    assert from_csv.fingerprint() == from_json.fingerprint()


def test_the_bom_fixture_really_has_a_bom_and_crlf():
    content = raw("good-adult-bom.csv")
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.count(b"\r\n") == 5


@pytest.mark.parametrize(
    ("amount", "pence"),
    [("12480.00", 1248000), ("35", 3500), (35.5, 3550), (19.99, 1999), ("0.10", 10), (0, 0), (1234567.89, 123456789)],
)
def test_money_becomes_exact_pence(amount, pence):
    data = good_data()
    data["budget"]["indicative_annual"] = amount
    result = parse_data(data)
    assert result.assessment is not None, result.problems
    assert result.assessment.budget.indicative_annual_pence == pence


def test_text_is_trimmed_and_control_characters_dropped():
    data = good_data()
    data["person"]["name"] = "  Alex Morgan\x00 \n"
    data["needs"][0]["description"] = "\tFirst line\r\nsecond line  "
    result = parse_data(data)
    assert result.assessment is not None
    assert result.assessment.person.name == "Alex Morgan"
    assert result.assessment.needs[0].description == "First line\nsecond line"


def test_a_schema_address_is_allowed_and_ignored():
    data = good_data()
    data["$schema"] = "https://example.org/assessment-v1.json"
    assert parse_data(data).assessment == parsed("good-adult.json")


def test_the_other_councils_file_parses_for_the_importer_to_refuse():
    assessment = parsed("bad-other-council.json")
    assert (assessment.council, assessment.council_reference) == ("other", "OB-1")


# Bad files: exactly these problems, in these places


BAD_FILES = {
    "bad-malformed.json": ["line 5, column 3"],
    "bad-schema.json": ["$.assessment.assessor", "$.needs[0].eligible", "$.budgett"],
    "bad-unknown-outcome.json": ["$.needs[2].outcome"],
    "bad-missing-fields.json": ["$.needs", "$.budget"],
    "bad-negative-amount.json": ["$.budget.contribution.amount"],
    "bad-absurd-amount.json": ["$.budget.indicative_annual"],
    "bad-encoding.csv": ["line 2"],
    "bad-formula.csv": ['line 2, column "contribution"'],
    "bad-inconsistent-rows.csv": ['line 3, column "assessor"'],
    "bad-dates.json": ["$.assessment.date", "$.review_date"],
}


@pytest.mark.parametrize(("name", "expected"), BAD_FILES.items())
def test_each_bad_file_gives_exactly_its_problems(name, expected):
    result = parse_file(raw(name), name)
    assert wheres(result) == expected
    assert all(problem.message and problem.fix for problem in result.problems)


def test_problem_words_for_the_schema_errors():
    result = parse_file(raw("bad-schema.json"), "bad-schema.json")
    assessor, eligible, extra = result.problems
    assert assessor.fix == "Add the missing field “assessor”"
    assert eligible.message == "“eligible” must be one of: yes, no, partly"
    assert extra.fix.startswith("Remove the field “budgett”, which is not part of the format")
    assert "“budget”" in extra.fix


def test_problem_words_for_the_semantic_errors():
    messages = {
        name: [problem.message for problem in parse_file(raw(name), name).problems]
        for name in ("bad-negative-amount.json", "bad-absurd-amount.json", "bad-dates.json", "bad-malformed.json")
    }
    assert messages["bad-negative-amount.json"] == ["Amounts cannot be negative"]
    assert messages["bad-absurd-amount.json"] == ["The indicative budget must be less than £10,000,000 a year"]
    assert messages["bad-dates.json"] == [
        "“date” must be a real date",
        "The review date cannot be before the assessment date",
    ]
    assert messages["bad-malformed.json"] == ["A comma is missing here"]


def test_an_unknown_outcome_says_which_list_to_use():
    (problem,) = parse_file(raw("bad-unknown-outcome.json"), "x.json").problems
    assert problem.message == "“gardening” is not an eligibility outcome code"
    assert problem.fix.startswith("Use one of the adult outcome codes: nutrition, hygiene")


def test_an_outcome_from_the_other_list_says_so():
    data = good_data()
    data["needs"][1]["outcome"] = "recreation"
    (problem,) = parse_data(data).problems
    assert problem.where == "$.needs[1].outcome"
    assert problem.message == "“recreation” is a carer's outcome, but this is an adult's assessment"
    carer = json.loads(raw("good-carer.json"))
    carer["needs"][0]["outcome"] = "hygiene"
    (problem,) = parse_data(carer).problems
    assert problem.message == "“hygiene” is an adult's outcome, but this is a carer's assessment"
    assert problem.fix.startswith("Use one of the carer outcome codes: caring_for_child, caring_for_others")


def test_the_encoding_problem_says_where_and_how_to_fix():
    (problem,) = parse_file(raw("bad-encoding.csv"), "bad-encoding.csv").problems
    assert "UTF-8" in problem.message and "line 2" in problem.message
    assert "CSV UTF-8" in problem.fix
    (problem,) = parse_json(b'{\n  "council": "\xa3"\n}').problems
    assert problem.where == "line 2"
    assert problem.message == "The file must be saved as UTF-8: byte 16, on line 2, is not UTF-8"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["needs"][0].pop("eligible"), "$.needs[0].eligible"),
        (lambda d: d["needs"][1].update(council_will_meet="yes"), "$.needs[1].council_will_meet"),
        (lambda d: d["needs"][3].pop("not_meeting_reason"), "$.needs[3].not_meeting_reason"),
        (lambda d: d["needs"][0].update(council_will_meet=False), "$.needs[0].not_meeting_reason"),
        (lambda d: d["needs"][1].update(id="N1"), "$.needs[1].id"),
        (lambda d: d["needs"][0].update(description=" "), "$.needs[0].description"),
        (lambda d: d["needs"][0].update(description="x" * 5001), "$.needs[0].description"),
        (lambda d: d["needs"][0].update(advice="x" * 5001), "$.needs[0].advice"),
        (lambda d: d["budget"].update(explanation="x" * 5001), "$.budget.explanation"),
        (lambda d: d["person"].update(name="x" * 201), "$.person.name"),
        (lambda d: d["person"].update(email="not an email"), "$.person.email"),
        (lambda d: d.update(needs=[]), "$.needs"),
        (lambda d: d.update(needs={}), "$.needs"),
        (lambda d: d.update(version=2), "$.version"),
        (lambda d: d.update(format="something"), "$.format"),
        (lambda d: d["assessment"].update(type="child"), "$.assessment.type"),
        (lambda d: d["assessment"].update(date="14/09/2026"), "$.assessment.date"),
        (lambda d: d.update(review_date="2027-02-29"), "$.review_date"),
        (lambda d: d["desired_outcomes"][1].update(id="O1"), "$.desired_outcomes[1].id"),
        (lambda d: d["desired_outcomes"][0].pop("text"), "$.desired_outcomes[0].text"),
        (lambda d: d["budget"]["contribution"].update(period="fortnight"), "$.budget.contribution.period"),
        (lambda d: d["budget"]["contribution"].update(amount="35.555"), "$.budget.contribution.amount"),
        (lambda d: d["budget"]["contribution"].update(amount="£35"), "$.budget.contribution.amount"),
        (lambda d: d["budget"]["contribution"].update(amount=True), "$.budget.contribution.amount"),
        (lambda d: d["budget"]["contribution"].update(amount=100000), "$.budget.contribution.amount"),
        (lambda d: d["budget"].update(indicative_annual=10000000), "$.budget.indicative_annual"),
        (lambda d: d["person"].update(nickname="Al"), "$.person.nickname"),
        (lambda d: d["needs"][2].update({"carer name": "Sam"}), '$.needs[2]["carer name"]'),
    ],
)
def test_one_mistake_gives_one_problem_at_its_place(change, where):
    data = good_data()
    change(data)
    assert wheres(parse_data(data)) == [where]


def test_amounts_with_more_than_two_decimal_places_are_refused():
    result = parse_json(raw("good-adult.json").replace(b'"amount": 35.00', b'"amount": 35.005'))
    (problem,) = result.problems
    assert problem.where == "$.budget.contribution.amount"
    assert problem.message == "“amount” can have at most 2 decimal places"


def test_an_assessment_date_in_the_future_is_refused():
    result = parse_json(raw("good-adult.json"), today=date(2026, 9, 13))
    (problem,) = result.problems
    assert problem.where == "$.assessment.date"
    assert problem.message == "The assessment date cannot be in the future"
    assert parse_json(raw("good-adult.json"), today=date(2026, 9, 14)).ok


def test_a_missing_reason_says_what_to_write():
    data = good_data()
    del data["needs"][3]["not_meeting_reason"]
    (problem,) = parse_data(data).problems
    assert problem.fix == "Say why the council will not meet this need, in plain words"


def test_several_problems_come_together_in_document_order():
    data = good_data()
    data["review_date"] = "2020-01-01"
    data["needs"][3]["outcome"] = "gardening"
    data["council"] = ""
    data["budget"]["contribution"]["amount"] = -1
    assert wheres(parse_data(data)) == [
        "$.council",
        "$.needs[3].outcome",
        "$.budget.contribution.amount",
        "$.review_date",
    ]


@pytest.mark.parametrize(
    "content",
    [b"", b"   ", b"[]", b"null", b'"text"', b'{"council": NaN}', b"{" * 100_000, b'{"a": 1} {"b": 2}'],
)
def test_json_that_is_not_an_assessment_never_raises(content):
    result = parse_json(content)
    assert result.assessment is None and result.problems


# Sizes and limits


def test_a_file_over_5_mb_is_refused():
    big = b"{" + b" " * (6 * 1024 * 1024) + b"}"
    for result in (parse_file(big, "big.json"), parse_json(big), parse_csv(big)):
        (problem,) = result.problems
        assert problem.message == "The file must be smaller than 5 MB"
    assert MAX_FILE_BYTES == 5 * 1024 * 1024


def test_201_needs_are_refused():
    data = good_data()
    template = data["needs"][0]
    data["needs"] = [{**template, "id": f"N{number}"} for number in range(201)]
    result = parse_data(data)
    assert wheres(result) == ["$.needs[200]"]
    assert result.problems[0].message == "There are 201 needs. An assessment can have at most 200."


def test_201_desired_outcomes_are_refused():
    data = good_data()
    data["desired_outcomes"] = [{"id": f"O{number}", "text": "I want this"} for number in range(201)]
    assert wheres(parse_data(data)) == ["$.desired_outcomes[200]"]


def test_200_needs_are_accepted():
    data = good_data()
    template = data["needs"][0]
    data["needs"] = [{**template, "id": f"N{number}"} for number in range(200)]
    assert parse_data(data).ok


def test_201_need_rows_in_a_csv_are_refused_on_the_row_too_many():
    header, first = csv_rows()[:2]
    rows = [first.replace(",N1,", f",N{number},", 1) for number in range(201)]
    assert wheres(parse_csv(csv_bytes([header, *rows]))) == ["line 202"]


# Choosing the format


def test_the_format_is_chosen_by_content_then_name():
    assert parse_file(raw("good-adult.json"), "assessment.txt").ok
    assert parse_file(raw("good-adult.json"), "assessment.csv").ok
    assert parse_file(raw("good-adult.csv"), "assessment.csv").ok
    assert parse_file(raw("good-adult.csv"), "upload", "text/csv; charset=utf-8").ok
    assert parse_file(raw("good-adult.csv"), "upload.bin").ok  # starts with the header row
    assert parse_file(b"  \n" + raw("good-adult.json"), "upload").ok


def test_a_file_that_is_neither_json_nor_csv_is_refused():
    (problem,) = parse_file(b"%PDF-1.7 ...", "assessment.pdf", "application/pdf").problems
    assert problem.message == "The file must be a JSON or CSV assessment file"


# CSV specifics


def test_csv_accepts_uk_dates_pound_signs_and_true_false_in_any_case():
    rows = csv_table()
    for row in rows:
        row.update(assessment_date="14/9/2026", review_date="14/09/2027", indicative_budget="£12,480.00")
        row.update(direct_payment_available="True")
    rows[0].update(council_will_meet="YES", met_by_carer="False", direct_payment_possible="TRUE")
    assert parse_csv(table_bytes(rows)).assessment == parsed("good-adult.json")


def test_csv_columns_may_come_in_any_order():
    assert csv_rows()[0] == HEADER
    assert parse_csv(table_bytes(csv_table(), list(reversed(CSV_COLUMNS)))).assessment == parsed("good-adult.json")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], ["the whole file"]),
        ([HEADER], ["line 2"]),
        ([HEADER.replace(",assessor,", ",")], ["line 1"]),
        ([HEADER.replace(",assessor,", ",asessor,")], ['line 1, column "asessor"', "line 1"]),
        ([HEADER + ",notes"], ['line 1, column "notes"']),
        ([HEADER + ",council"], ['line 1, column "council"']),
        ([HEADER.replace(",", ";")], ["line 1"]),
    ],
)
def test_csv_structure_problems(lines, expected):
    assert wheres(parse_csv(csv_bytes(lines))) == expected


def test_csv_rows_with_the_wrong_number_of_cells_say_which_line():
    header, *rows = csv_rows()
    rows[2] = rows[2] + ",extra"
    rows[3] = ",".join(rows[3].split(",")[:5])
    assert wheres(parse_csv(csv_bytes([header, *rows]))) == ["line 4", "line 5"]


def test_csv_padding_cells_and_blank_lines_are_ignored():
    header, *rows = csv_rows()
    content = csv_bytes([header + ",,", "", *[row + ",," for row in rows], ",,,", ""])
    assert parse_csv(content).assessment == parsed("good-adult.json")


def test_csv_problems_point_at_the_line_and_column():
    rows = csv_table()
    rows[2].update(outcome="gardening", council_will_meet="perhaps")
    result = parse_csv(table_bytes(rows))
    assert wheres(result) == ['line 4, column "outcome"', 'line 4, column "council_will_meet"']
    assert result.problems[1].message == "“council_will_meet” must be yes or no"


def test_csv_shared_columns_are_reported_on_line_2():
    header, *rows = csv_rows()
    rows = [row.replace(",35.00,", ",lots,") for row in rows]
    result = parse_csv(csv_bytes([header, *rows]))
    assert wheres(result) == ['line 2, column "contribution"']
    assert result.problems[0].message == "“contribution” must be an amount in pounds, like 35.00"


def test_csv_missing_required_cells_are_reported_by_column():
    rows = csv_table()
    rows[1]["eligible"] = ""
    assert wheres(parse_csv(table_bytes(rows))) == ['line 3, column "eligible"']


def test_csv_inconsistent_rows_are_each_reported():
    header, *rows = csv_rows()
    rows[1] = rows[1].replace("Priya Shah", "P. Shah")
    rows[3] = rows[3].replace("Priya Shah", "P. Shah").replace("DC-000123", "DC-000999")
    assert wheres(parse_csv(csv_bytes([header, *rows]))) == [
        'line 3, column "assessor"',
        'line 5, column "council_reference"',
        'line 5, column "assessor"',
    ]


def test_csv_desired_outcomes_are_collected_without_repeats():
    rows = csv_table()
    rows[3]["desired_outcome_id"], rows[3]["desired_outcome"] = (
        rows[0]["desired_outcome_id"],
        rows[0]["desired_outcome"],
    )
    assessment = parse_csv(table_bytes(rows)).assessment
    assert assessment is not None
    assert [outcome.id for outcome in assessment.desired_outcomes] == ["O1", "O2", "O3"]


def test_csv_a_repeated_outcome_id_with_other_words_is_a_problem():
    rows = csv_table()
    rows[3]["desired_outcome_id"], rows[3]["desired_outcome"] = "O1", "I want something else."
    assert wheres(parse_csv(table_bytes(rows))) == ['line 5, column "desired_outcome_id"']


def test_invalid_utf8_in_csv_gives_the_line():
    header, *rows = csv_rows()
    content = csv_bytes([header, rows[0], rows[1]]) + b"1,demo,\xff\n"
    (problem,) = parse_csv(content).problems
    assert problem.where == "line 4"


# Formula injection


def test_formula_cells_import_as_plain_text():
    content = raw("bad-formula.csv").replace(b",-5,", b",35.00,")
    result = parse_csv(content)
    assert result.assessment is not None, result.problems
    assert result.assessment.needs[0].description == '=HYPERLINK("http://evil.example")'


def test_a_negative_money_cell_is_a_negative_amount_not_text():
    (problem,) = parse_file(raw("bad-formula.csv"), "bad-formula.csv").problems
    assert problem.message == "Amounts cannot be negative"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+44 1632 960001", "'+44 1632 960001"),
        ("-needs help", "'-needs help"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain words = fine", "Plain words = fine"),
        ("", ""),
    ],
)
def test_csv_safe(value, safe):
    assert csv_safe(value) == safe


def test_export_never_writes_a_formula():
    assessment = parsed("good-adult.json")
    need = replace(assessment.needs[0], description='=HYPERLINK("http://evil.example")', advice="-needs help")
    exported = to_csv(replace(assessment, needs=(need, *assessment.needs[1:]))).decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://evil.example"")' in exported
    assert ",'-needs help," in exported
    assert ",=" not in exported and ',"=' not in exported


def test_export_is_utf8_with_a_bom_crlf_and_pounds():
    exported = to_csv(parsed("good-adult.json"))
    assert exported.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    assert b",12480.00,35.00,week," in exported


@pytest.mark.parametrize(
    "name", ["good-adult.json", "good-adult-updated.json", "good-carer.json", "good-50-needs.json"]
)
def test_csv_export_round_trips(name):
    assessment = parsed(name)
    assert parse_csv(to_csv(assessment)).assessment == assessment


def test_more_desired_outcomes_than_needs_round_trip_on_rows_of_their_own():
    assessment = parsed("good-carer.json")
    extra = tuple(DesiredOutcome(f"X{number}", f"I want thing {number}") for number in range(4))
    bigger = replace(assessment, desired_outcomes=assessment.desired_outcomes + extra)
    exported = to_csv(bigger)
    assert len(exported.decode("utf-8-sig").splitlines()) == 1 + 6
    assert parse_csv(exported).assessment == bigger


# Comparing


def test_diff_of_the_updated_assessment():
    old, new = parsed("good-adult.json"), parsed("good-adult-updated.json")
    assert diff(old, new) == [
        Change("changed", "Assessment date", "14 September 2026", "2 November 2026"),
        Change(
            "changed",
            "I want to get to my allotment and to the shops, but I cannot manage the bus on…: Whether it is eligible",
            "Partly",
            "Yes",
        ),
        Change(
            "added",
            "I want to visit my sister in Leeds once a month, but I cannot manage the train…",
            "",
            "Developing and maintaining family or other personal relationships. Eligible: Yes. "
            "The council will meet it: Yes.",
        ),
        Change("changed", "Indicative budget", "£12,480.00", "£14,560.00"),
        Change(
            "changed",
            "How the budget was worked out",
            old.budget.explanation,
            new.budget.explanation,
        ),
    ]


def test_diff_of_the_same_assessment_is_empty():
    assert diff(parsed("good-adult.json"), parsed("good-adult.csv")) == []


def test_diff_covers_removals_outcomes_contribution_review_and_assessor():
    old = parsed("good-adult.json")
    new = replace(
        old,
        assessor="Jo Bloggs",
        needs=old.needs[:3],
        desired_outcomes=(
            replace(old.desired_outcomes[0], text="I want to be up by 10."),
            old.desired_outcomes[1],
            DesiredOutcome("O4", "I want to paint again."),
        ),
        budget=replace(old.budget, contribution=Contribution(15000, Period.FOUR_WEEKS)),
        review_date=None,
    )
    changes = diff(old, new)
    assert [(change.kind, change.what) for change in changes] == [
        ("changed", "Assessor"),
        ("removed", "I find it hard to keep the front garden tidy."),
        ("changed", "What you want to achieve"),
        ("added", "What you want to achieve"),
        ("removed", "What you want to achieve"),
        ("changed", "Your contribution"),
        ("removed", "Review date"),
    ]
    assert changes[5] == Change("changed", "Your contribution", "£35.00 a week", "£150.00 every 4 weeks")
    assert changes[6].before == "14 September 2027"


def test_the_fixture_readme_lists_every_fixture():
    readme = (FIXTURES / "README.md").read_text()
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name
    assert set(BAD_FILES) <= {path.name for path in FIXTURES.iterdir()}
