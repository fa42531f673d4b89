"""GET /due: what to follow through on, ranked across kinds, with a clock the tests move.

The clock starts on Monday 2026-03-02 09:00 UTC (tests/conftest.py START).
"""

import pytest

from rapport.config import ConfigError, load_config
from tests.conftest import add_person
from tests.test_capture_route import page


async def promise(api, person, text, due=None, direction="mine"):
    body = {"person_id": person["id"], "direction": direction, "text": text, "due": due}
    return await api.ok("POST", "/promises", 201, json=body)


async def log(api, person, when, kind="message", text=""):
    body = {"person_ids": [person["id"]], "kind": kind, "occurred_at": when, "text": text}
    return await api.ok("POST", "/interactions", 201, json=body)


async def reminder(api, text, due_at, person=None):
    body = {"text": text, "due_at": due_at, "person_id": person["id"] if person else None}
    return await api.ok("POST", "/reminders", 201, json=body)


async def meeting(api, title, starts_at, ends_at, *people):
    attendees = [{"name": p["name"], "person_id": p["id"]} for p in people]
    body = {"title": title, "starts_at": starts_at, "ends_at": ends_at, "attendees": attendees}
    return await api.ok("POST", "/meetings", 201, json=body)


async def due(api, **params) -> list[tuple[str, str]]:
    answer = await api.ok("GET", "/due", params=params)
    assert answer["total"] == len(answer["items"])
    return [(item["kind"], item["id"]) for item in answer["items"]]


async def test_ranking_across_kinds(api):
    ada, bob = await add_person(api, "Ada Lovelace"), await add_person(api, "Bob Babbage")
    grace = await add_person(api, "Grace Hopper", tags=["mentor"])  # 30 days by tag
    dan = await add_person(api, "Dan Inner", tags=["inner-circle"])  # 14 days by tag
    alan = await add_person(api, "Alan Turing", keep_in_touch_days=7)
    carol = await add_person(api, "Carol Chief", tags=["decision-maker"])  # 60 days by tag
    await log(api, grace, "2026-01-01T10:00:00Z")  # 60 days: past 1.5 x 30, overdue
    await log(api, dan, "2026-02-01T10:00:00Z")  # 29 days: past 1.5 x 14, overdue
    await log(api, alan, "2026-02-22T10:00:00Z")  # 8 days: due
    await log(api, carol, "2026-01-20T10:00:00Z")  # 41 days: on track
    await log(api, ada, "2026-03-02T08:30:00Z")  # after the first meeting started
    later_today = await promise(api, bob, "send the slides", "2026-03-02")
    three_late = await promise(api, ada, "intro to Grace", "2026-02-27")
    five_late = await promise(api, bob, "share the paper", "2026-02-25")
    await promise(api, ada, "review the draft", "2026-03-05")  # not due by tonight
    await promise(api, ada, "someday")  # no date: never on the list
    theirs_late = await promise(api, bob, "send me the report", "2026-02-28", "theirs")
    await promise(api, bob, "call me back", "2026-03-02", "theirs")  # due, not late: no nudge
    evening = await reminder(api, "book the venue", "2026-03-02T18:00:00Z")
    morning = await reminder(api, "ask about the offsite", "2026-03-02T08:00:00Z", ada)
    await reminder(api, "tomorrow's", "2026-03-03T08:00:00Z")
    await meeting(api, "Coffee with Ada", "2026-03-02T07:00:00Z", "2026-03-02T08:00:00Z", ada)
    followup = await meeting(
        api, "Design review", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z", bob, grace
    )
    await meeting(api, "Old sync", "2026-02-28T10:00:00Z", "2026-03-01T08:00:00Z", bob)  # > 24 h
    await meeting(api, "Planned", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z", bob)  # ahead

    assert await due(api) == [
        ("promise", five_late["id"]),
        ("promise", three_late["id"]),
        ("promise", later_today["id"]),
        ("reminder", morning["id"]),
        ("reminder", evening["id"]),
        ("keep_in_touch", grace["id"]),
        ("keep_in_touch", dan["id"]),
        ("keep_in_touch", alan["id"]),
        ("nudge", theirs_late["id"]),
        ("meeting_followup", followup["id"]),
    ]


async def test_items_name_their_person_why_how_late_and_actions(api):
    ada = await add_person(api, "Ada Lovelace")
    grace = await add_person(api, "Grace Hopper", tags=["mentor", "compilers"])
    await log(api, grace, "2026-01-01T09:00:00Z")
    late = await promise(api, ada, "send the deck", "2026-02-27")
    owed = await promise(api, ada, "review my draft", "2026-03-01", "theirs")
    items = (await api.ok("GET", "/due"))["items"]
    assert items[0] == {
        "kind": "promise",
        "id": late["id"],
        "person": {"id": ada["id"], "name": "Ada Lovelace"},
        "why": "You promised Ada Lovelace: send the deck (due 2026-02-27, 3 days late)",
        "late_days": 3,
        "due": "2026-02-27",
        "text": "send the deck",
        "actions": [
            {
                "name": "done",
                "method": "PATCH",
                "path": f"/promises/{late['id']}",
                "body": {"status": "done"},
            },
            {
                "name": "drop",
                "method": "PATCH",
                "path": f"/promises/{late['id']}",
                "body": {"status": "dropped"},
            },
            {
                "name": "snooze",
                "method": "PATCH",
                "path": f"/promises/{late['id']}",
                "body": {"snoozed_until": "2026-03-03"},
            },
        ],
    }
    assert items[1] == {
        "kind": "keep_in_touch",
        "id": grace["id"],
        "person": {"id": grace["id"], "name": "Grace Hopper"},
        "why": "Keep in touch with Grace Hopper (mentor) every 30 days: "
        "last contact 60 days ago, overdue",
        "late_days": 30,
        "due": "2026-01-31",
        "level": "overdue",
        "every_days": 30,
        "from_tag": "mentor",
        "influence": ["mentor"],
        "last_contact": "2026-01-01T09:00:00.000Z",
        "actions": [
            {
                "name": "log",
                "method": "POST",
                "path": "/interactions",
                "body": {"person_ids": [grace["id"]], "kind": "message"},
            },
            {
                "name": "snooze",
                "method": "PATCH",
                "path": f"/people/{grace['id']}",
                "body": {"snoozed_until": "2026-03-09"},
            },
        ],
    }
    assert items[2]["kind"] == "nudge" and items[2]["id"] == owed["id"]
    assert items[2]["why"] == (
        "Ada Lovelace promised: review my draft (due 2026-03-01, 1 day late): nudge them"
    )
    assert [a["name"] for a in items[2]["actions"]] == ["log", "done", "drop", "snooze"]


async def test_the_actions_work_as_described(api):
    ada = await add_person(api, "Ada Lovelace", keep_in_touch_days=7)
    late = await promise(api, ada, "send the deck", "2026-02-27")
    await log(api, ada, "2026-02-01T09:00:00Z")
    items = (await api.ok("GET", "/due"))["items"]
    assert [item["kind"] for item in items] == ["promise", "keep_in_touch"]
    for item in items:
        action = item["actions"][-1]
        assert action["name"] == "snooze"
        await api.ok(action["method"], action["path"], json=action["body"])
    assert await due(api) == []
    assert (await api.ok("GET", f"/promises/{late['id']}"))["snoozed_until"] == "2026-03-03"


async def test_until_reaches_ahead_as_a_date_or_an_instant(api):
    ada = await add_person(api, "Ada Lovelace")
    friday = await promise(api, ada, "send the deck", "2026-03-06")
    call = await reminder(api, "call Ada", "2026-03-04T12:00:00+01:00", ada)
    assert await due(api) == []
    assert await due(api, until="2026-03-04") == [("reminder", call["id"])]
    assert await due(api, until="2026-03-04T10:59:59Z") == []
    assert await due(api, until="2026-03-04T12:00:00+01:00") == [("reminder", call["id"])]
    assert await due(api, until="2026-03-06") == [
        ("promise", friday["id"]),
        ("reminder", call["id"]),
    ]


async def test_keep_in_touch_resets_on_any_interaction_by_any_entry_point(api, clock):
    ada = (await api.ok("POST", "/capture", json=page("linkedin", "profile_logged_in")))["person"]
    await api.ok("PATCH", f"/people/{ada['id']}", json={"keep_in_touch_days": 14})
    clock.advance(days=14)
    assert await due(api) == [("keep_in_touch", ada["id"])]
    capture = page("linkedin", "profile_logged_in", engagement={"kind": "like"})
    await api.ok("POST", "/capture", json=capture)
    assert await due(api) == []
    clock.advance(days=14)
    assert await due(api) == [("keep_in_touch", ada["id"])]
    await log(api, ada, "2026-03-30T08:00:00Z", kind="comment")
    assert await due(api) == []
    clock.advance(days=14)
    assert await due(api) == [("keep_in_touch", ada["id"])]
    dump = {"format": "rapport", "version": 1, "interactions": [
        {"person_ids": [ada["id"]], "kind": "email", "occurred_at": "2026-04-13T08:00:00Z"}
    ]}  # fmt: skip
    await api.ok("POST", "/import", json=dump)
    assert await due(api) == []


async def test_an_interaction_in_the_future_has_not_reset_the_clock(api, clock):
    ada = await add_person(api, "Ada Lovelace", keep_in_touch_days=7)
    clock.advance(days=8)
    await log(api, ada, "2026-03-20T10:00:00Z", kind="meeting")
    assert await due(api) == [("keep_in_touch", ada["id"])]


async def test_two_levels_due_then_overdue_past_one_and_a_half_times(api, clock):
    ada = await add_person(api, "Ada Lovelace", keep_in_touch_days=10)

    async def level():
        items = (await api.ok("GET", "/due", params={"until": "2030-01-01"}))["items"]
        return [(item["level"], item["late_days"]) for item in items]

    clock.advance(days=8, hours=23)
    assert await level() == [("ok", 0)]  # coming due before `until`
    assert await due(api) == []
    clock.advance(days=1)  # Thursday 12 March 08:00: due at 09:00, so on today's list
    assert await due(api) == [("keep_in_touch", ada["id"])]
    clock.advance(hours=1)
    assert await level() == [("due", 0)]
    clock.advance(days=5)
    assert await level() == [("due", 5)]
    clock.advance(seconds=1)
    assert await level() == [("overdue", 5)]
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["keep_in_touch"]["level"] == "overdue"


async def test_per_tag_cadence_from_the_defaults(api, clock):
    mentor = await add_person(api, "Grace Hopper", tags=["mentor"])
    both = await add_person(api, "Dan Both", tags=["mentor", "inner-circle"])  # shortest wins
    own = await add_person(api, "Alan Own", tags=["inner-circle"], keep_in_touch_days=90)
    await add_person(api, "Nobody Special", tags=["rust"])
    clock.advance(days=14)
    assert await due(api) == [("keep_in_touch", both["id"])]
    clock.advance(days=16)  # both speak for you (mentor): the overdue one first
    assert await due(api) == [("keep_in_touch", both["id"]), ("keep_in_touch", mentor["id"])]
    card = await api.ok("GET", f"/people/{both['id']}/card")
    assert (card["keep_in_touch"]["every_days"], card["keep_in_touch"]["from_tag"]) == (
        14,
        "inner-circle",
    )
    own_card = await api.ok("GET", f"/people/{own['id']}/card")
    assert (own_card["keep_in_touch"]["every_days"], own_card["keep_in_touch"]["from_tag"]) == (
        90,
        None,
    )


async def test_cadence_by_tag_from_the_config_replaces_the_defaults(make_api, clock, tmp_path):
    api = await make_api(data_dir=tmp_path / "configured", cadence_by_tag={"rust": 7})
    rustacean = await add_person(api, "Ferris Crab", tags=["rust"])
    await add_person(api, "Grace Hopper", tags=["mentor"])
    clock.advance(days=40)
    assert await due(api) == [("keep_in_touch", rustacean["id"])]


async def test_snoozing_a_promise_a_reminder_or_a_person(api, clock):
    ada = await add_person(api, "Ada Lovelace", keep_in_touch_days=7)
    bob = await add_person(api, "Bob Babbage")
    late = await promise(api, bob, "send the deck", "2026-02-27")
    owed = await promise(api, ada, "send me the report", "2026-02-27", "theirs")
    ask = await reminder(api, "ask about the offsite", "2026-03-02T08:00:00Z")
    clock.advance(days=7)  # Monday 9 March
    assert await due(api) == [
        ("promise", late["id"]),
        ("reminder", ask["id"]),
        ("keep_in_touch", ada["id"]),
        ("nudge", owed["id"]),
    ]
    await api.ok("PATCH", f"/promises/{late['id']}", json={"snoozed_until": "2026-03-11"})
    await api.ok("PATCH", f"/reminders/{ask['id']}", json={"snoozed_until": "2026-03-10"})
    person = await api.ok("PATCH", f"/people/{ada['id']}", json={"snoozed_until": "2026-03-12"})
    assert person["snoozed_until"] == "2026-03-12"
    assert await due(api) == []  # Ada's snooze also quiets the nudge about her promise
    assert await due(api, until="2026-03-10") == [("reminder", ask["id"])]
    clock.advance(days=2)  # Wednesday 11 March: the promise's snooze is over
    assert await due(api) == [("promise", late["id"]), ("reminder", ask["id"])]
    clock.advance(days=1)
    assert await due(api) == [
        ("promise", late["id"]),
        ("reminder", ask["id"]),
        ("keep_in_touch", ada["id"]),
        ("nudge", owed["id"]),
    ]
    await api.ok("PATCH", f"/people/{ada['id']}", json={"snoozed_until": None})


async def test_done_and_dropped_leave_the_list_with_closed_at(api, clock):
    ada = await add_person(api, "Ada Lovelace")
    kept = await promise(api, ada, "send the deck", "2026-02-27")
    dropped = await promise(api, ada, "intro to Grace", "2026-02-28")
    ask = await reminder(api, "ask about the offsite", "2026-03-02T08:00:00Z", ada)
    owed = await promise(api, ada, "send me the report", "2026-02-27", "theirs")
    assert len(await due(api)) == 4
    clock.advance(hours=1)
    for path, status in [
        (f"/promises/{kept['id']}", "done"),
        (f"/promises/{dropped['id']}", "dropped"),
        (f"/reminders/{ask['id']}", "done"),
        (f"/promises/{owed['id']}", "done"),
    ]:
        closed = await api.ok("PATCH", path, json={"status": status})
        assert closed["closed_at"] == "2026-03-02T10:00:00.000Z"
    assert await due(api) == []
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["signals"]["reciprocity"]["kept_by_me"] == 1
    assert card["signals"]["reciprocity"]["kept_by_them"] == 1


async def test_a_meeting_waits_for_its_note_for_24_hours(api, clock):
    ada, bob = await add_person(api, "Ada Lovelace"), await add_person(api, "Bob Babbage")
    sync = await meeting(api, "Sync", "2026-03-02T09:30:00Z", "2026-03-02T10:00:00Z", ada, bob)
    await api.ok("POST", "/meetings", 201, json={
        "title": "Strangers", "starts_at": "2026-03-02T09:30:00Z",
        "ends_at": "2026-03-02T10:00:00Z", "attendees": [{"name": "Somebody"}],
    })  # fmt: skip
    assert await due(api) == []  # not over yet
    clock.advance(hours=1)
    items = (await api.ok("GET", "/due"))["items"]
    assert [(i["kind"], i["id"]) for i in items] == [("meeting_followup", sync["id"])]
    assert items[0]["people"] == [
        {"id": ada["id"], "name": "Ada Lovelace"},
        {"id": bob["id"], "name": "Bob Babbage"},
    ]
    assert items[0]["why"] == (
        'How did "Sync" go? Nothing logged with Ada Lovelace, Bob Babbage since it started'
    )
    assert items[0]["actions"] == [
        {"name": "log", "method": "POST", "path": f"/meetings/{sync['id']}/log"}
    ]
    clock.advance(hours=23, minutes=59)
    assert await due(api) == [("meeting_followup", sync["id"])]
    clock.advance(minutes=1)
    assert await due(api) == []


async def test_a_note_about_any_attendee_settles_the_meeting(api, clock):
    ada, bob = await add_person(api, "Ada Lovelace"), await add_person(api, "Bob Babbage")
    await meeting(api, "Sync", "2026-03-02T09:30:00Z", "2026-03-02T10:00:00Z", ada, bob)
    clock.advance(hours=2)
    await log(api, bob, "2026-03-02T10:05:00Z", kind="meeting", text="went well")
    assert await due(api) == []


async def test_bad_until_is_422_naming_it(api):
    for bad in ("tomorrow", "2026-02-30", "2026-03-02T10:00:00", "2026-13-01T00:00:00Z"):
        response = await api.get("/due", params={"until": bad})
        assert response.status == 422, bad
        assert (await response.json())["error"]["field"] == "until"


async def test_the_list_pages_but_total_counts_everything(api):
    ada = await add_person(api, "Ada Lovelace")
    for day in range(20, 28):
        await promise(api, ada, f"promise {day}", f"2026-02-{day}")
    answer = await api.ok("GET", "/due", params={"limit": 3})
    assert answer["total"] == 8 and len(answer["items"]) == 3
    assert answer["items"][0]["text"] == "promise 20"


def test_cadences_and_influence_tags_come_from_the_config_file(tmp_path):
    file = tmp_path / "config.toml"
    file.write_text(
        'cadence_by_tag = { "Inner-Circle" = 14, mentor = 21, rust = 45 }\n'
        'influence_tags = ["sponsor", "Skip-Level"]\n'
    )
    config = load_config(env={"RAPPORT_CONFIG": str(file)})
    assert config.cadence_by_tag == {"inner-circle": 14, "mentor": 21, "rust": 45}
    assert config.influence_tags == ("sponsor", "skip-level")
    assert load_config(env={}).cadence_by_tag == {
        "inner-circle": 14,
        "mentor": 30,
        "sponsor": 30,
        "decision-maker": 60,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("cadence_by_tag = 30", "must be a table of tag = days"),
        ("cadence_by_tag = { mentor = 0 }", "cadence_by_tag.mentor in .* from 1 to 3650"),
        ("cadence_by_tag = { mentor = 'monthly' }", "cadence_by_tag.mentor"),
        ("influence_tags = 'mentor'", "influence_tags in .* must be a list of tags"),
        ("influence_tags = ['mentor', 3]", "influence_tags in"),
    ],
)
def test_bad_cadence_settings_say_what_to_fix(tmp_path, content, message):
    file = tmp_path / "config.toml"
    file.write_text(content + "\n")
    with pytest.raises(ConfigError, match=message):
        load_config(env={"RAPPORT_CONFIG": str(file)})
