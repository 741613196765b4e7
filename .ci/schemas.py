#!/usr/bin/env python3
"""Validates what the shipped examples send and what the CLI writes for them
against the JSON Schemas in docs/schemas/, with a validator of another
language than the crate's (python's jsonschema), as a service in another
language would: every example event and member, every outcome `loyalty
eval` prints for them, every state it writes, and the tier status of each
member of a program that computes tiers. Exits 1 on the first
file with an instance the schema refuses.

Usage: .ci/schemas.py path/to/loyalty
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def validator(name):
    with open(os.path.join(ROOT, "docs", "schemas", f"{name}.json")) as f:
        return jsonschema.Draft202012Validator(json.load(f))


def check(kind, where, v, instance):
    e = jsonschema.exceptions.best_match(v.iter_errors(instance))
    if e is not None:
        place = "/".join(str(p) for p in e.absolute_path)
        sys.exit(f"{where}: the {kind} schema refuses it at '{place}': {e.message[:300]}")


def main():
    loyalty = os.path.abspath(sys.argv[1])
    event, member, outcome, state, tier_status = (
        validator(n) for n in ("event", "member", "outcome", "state", "tier_status")
    )
    counts = {"events": 0, "members": 0, "outcomes": 0, "states": 0, "tier statuses": 0}
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "data", "*.json"))):
        with open(path) as f:
            data = json.load(f)
        for m in data if isinstance(data, list) else [data]:
            check("member", path, member, m)
            counts["members"] += 1
    pairs = []
    for program in sorted(glob.glob(os.path.join(ROOT, "examples", "programs", "*.loyalty"))):
        name = os.path.basename(program)[: -len(".loyalty")]
        events = os.path.join(ROOT, "examples", "data", f"{name}-events.jsonl")
        extra = []
        if name == "acme":
            events = os.path.join(ROOT, "examples", "data", "events.jsonl")
            extra = ["--member", os.path.join(ROOT, "examples", "data", "member-gold.json")]
        if os.path.exists(events):
            pairs.append((program, events, extra))
    for program, events, extra in pairs:
        with open(events) as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                data = json.loads(line)
                body = data["event"] if "event" in data and "kind" not in data else data
                check("event", f"{events}:{n}", event, body)
                if isinstance(data.get("member"), dict):
                    check("member", f"{events}:{n}", member, data["member"])
                counts["events"] += 1
        with tempfile.TemporaryDirectory() as tmp:
            states = os.path.join(tmp, "states.json")
            run = subprocess.run(
                [loyalty, "eval", program, events, "--state-out", states, *extra],
                capture_output=True,
                text=True,
            )
            for n, line in enumerate(run.stdout.splitlines(), 1):
                record = json.loads(line)
                if "program" not in record:  # an error record, not an outcome
                    continue
                check("outcome", f"{program} on {events}, outcome {n}", outcome, record)
                counts["outcomes"] += 1
            with open(states) as f:
                data = json.load(f)
            for s in data if isinstance(data, list) else [data]:
                check("state", f"{program} on {events}, state of {s.get('member')}", state, s)
                counts["states"] += 1
            # The tier status of each member, for a program that computes
            # tiers, on the last day its states were reviewed to.
            reviewed = [
                s["tier"]["reviewed"]
                for s in (data if isinstance(data, list) else [data])
                if "tier" in s
            ]
            if reviewed:
                run = subprocess.run(
                    [loyalty, "tier", program, states, "--as-of", max(reviewed), "--json"],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                for n, line in enumerate(run.stdout.splitlines(), 1):
                    check("tier status", f"{program}, status {n}", tier_status, json.loads(line))
                    counts["tier statuses"] += 1
    print("schemas valid: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


if __name__ == "__main__":
    main()
