#!/usr/bin/env python3
"""Writes the example boards (examples/*.board.json) from compact
descriptions. Run it after changing an example; the JSON files are what
Floe bundles and what the tests run (`floe test`, `floe run`)."""

import base64
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def module(path, name, io=None):
    data = open(path, "rb").read()
    ref = {"hash": "sha256:" + hashlib.sha256(data).hexdigest(), "name": name}
    if data.startswith(b"\0asm"):
        ref["wasm_base64"] = base64.b64encode(data).decode()
    else:
        ref["wat"] = data.decode()
    if io is not None:
        ref["io"] = io
    return ref


def kind_of(ref):
    return "wasm:" + ref["hash"].split(":", 1)[1]


def board(name, description, nodes, wires, comments=(), variables=(), modules=(), exercise=None, subflows=()):
    out_nodes = []
    for n in nodes:
        node = {"id": n[0], "kind": n[1], "position": {"x": n[2], "y": n[3]}}
        extra = n[4] if len(n) > 4 else {}
        for key in ("inputs", "config", "label"):
            if key in extra:
                node[key] = extra[key]
        out_nodes.append(node)
    edges = []
    for i, (a, b) in enumerate(wires, 1):
        fn, fp = a.split(".")
        tn, tp = b.split(".")
        edges.append({"id": f"e{i}", "from": {"node": fn, "pin": fp}, "to": {"node": tn, "pin": tp}})
    doc = {"format_version": 2 if subflows else 1, "meta": {"name": name, "description": description}}
    if variables:
        doc["variables"] = list(variables)
    doc["nodes"] = out_nodes
    doc["edges"] = edges
    if comments:
        doc["comments"] = [
            {"id": f"c{i}", "kind": c[0], "text": c[1], "position": {"x": c[2], "y": c[3]},
             "size": {"width": c[4], "height": c[5]}}
            for i, c in enumerate(comments, 1)
        ]
    if modules:
        doc["modules"] = list(modules)
    if exercise:
        doc["exercise"] = exercise
    if subflows:
        doc["subflows"] = list(subflows)
    return doc


def subflow(id, name, description, inputs, outputs, nodes, wires):
    """A subflow definition: `inputs`/`outputs` are (name, data_type) pins;
    wires may start at `inputs.<pin>` and end at `outputs.<pin>`."""
    pins = lambda ps: [{"name": p, "data_type": t} for p, t in ps]
    inner = board(name, description, nodes, wires)
    xs = [n[2] for n in nodes] or [0]
    ys = [n[3] for n in nodes] or [0]
    mid = sum(ys) / len(ys)
    boundary = [
        {"id": "inputs", "kind": "subflow.inputs", "position": {"x": min(xs) - 260, "y": mid}, "config": {"pins": pins(inputs)}},
        {"id": "outputs", "kind": "subflow.outputs", "position": {"x": max(xs) + 260, "y": mid}, "config": {"pins": pins(outputs)}},
    ]
    return {"id": id, "name": name, "description": description,
            "nodes": boundary[:1] + inner["nodes"] + boundary[1:], "edges": inner["edges"]}


EXAMPLES = {}

EXAMPLES["temperature"] = board(
    "Temperature conversion",
    "Celsius to Fahrenheit: F = C × 1.8 + 32. Set the run input (e.g. {\"celsius\": 100}) and press Run.",
    [
        ("celsius", "event.board_input", 40, 120, {"config": {"name": "celsius", "data_type": "Float", "default": 37}}),
        ("times", "math.multiply", 300, 120, {"inputs": {"b": 1.8}, "label": "× 1.8"}),
        ("plus", "math.add", 560, 120, {"inputs": {"b": 32}, "label": "+ 32"}),
        ("round", "math.round", 820, 120, {"inputs": {"digits": 2}}),
        ("fahrenheit", "event.board_output", 1080, 120, {"config": {"name": "fahrenheit"}}),
    ],
    [("celsius.value", "times.a"), ("times.result", "plus.a"), ("plus.result", "round.value"), ("round.result", "fahrenheit.value")],
    comments=[("note", "F = C × 1.8 + 32. Without a run input, celsius is 37; try {\"celsius\": 100}.", 40, 10, 300, 70)],
    exercise={
        "instructions": "The board converts Celsius to Fahrenheit. Press Check to run the test cases.",
        "cases": [
            {"name": "water boils", "input": {"celsius": 100}, "expect": {"fahrenheit": 212}},
            {"name": "water freezes", "input": {"celsius": 0}, "expect": {"fahrenheit": 32}},
            {"name": "minus forty", "input": {"celsius": -40}, "expect": {"fahrenheit": -40}},
        ],
    },
)

EXAMPLES["subflows"] = board(
    "Subflows: a day's temperatures",
    "Two subflows, one inside the other. “C to F” converts a temperature (its Digits parameter says how to round); “Day in °F” uses it twice and averages. Double-click an instance to open it; edit it once and every instance follows.",
    [
        ("morning", "event.board_input", 40, 80, {"config": {"name": "morning", "data_type": "Float", "default": 12}}),
        ("noon", "event.board_input", 40, 220, {"config": {"name": "noon", "data_type": "Float", "default": 24}}),
        ("day", "subflow:day", 320, 140, {"label": "Day in °F"}),
        ("noon_f", "subflow:c_to_f", 320, 320, {"config": {"digits": 0}, "label": "Noon, whole °F"}),
        ("average", "event.board_output", 600, 120, {"config": {"name": "average_f"}}),
        ("noon_out", "event.board_output", 600, 320, {"config": {"name": "noon_f"}}),
    ],
    [("morning.value", "day.morning"), ("noon.value", "day.noon"), ("noon.value", "noon_f.celsius"),
     ("day.average", "average.value"), ("noon_f.fahrenheit", "noon_out.value")],
    comments=[("note", "Run input: {\"morning\": 12, \"noon\": 24}. Double-click “Day in °F” to see inside.", 40, 0, 420, 60)],
    subflows=[
        subflow("c_to_f", "C to F", "Celsius to Fahrenheit: × 1.8 + 32, rounded to Digits.",
                [("celsius", "Float")], [("fahrenheit", "Float")],
                [("digits", "subflow.parameter", 300, 260, {"config": {"name": "digits", "data_type": "Integer", "default": 1}}),
                 ("times", "math.multiply", 300, 120, {"inputs": {"b": 1.8}, "label": "× 1.8"}),
                 ("plus", "math.add", 560, 120, {"inputs": {"b": 32}, "label": "+ 32"}),
                 ("round", "math.round", 820, 120)],
                [("inputs.celsius", "times.a"), ("times.result", "plus.a"), ("plus.result", "round.value"),
                 ("digits.value", "round.digits"), ("round.result", "outputs.fahrenheit")]),
        subflow("day", "Day in °F", "The average of two temperatures, in °F.",
                [("morning", "Float"), ("noon", "Float")], [("average", "Float")],
                [("m", "subflow:c_to_f", 300, 80, {"label": "Morning"}),
                 ("n", "subflow:c_to_f", 300, 260, {"label": "Noon"}),
                 ("both", "data.make_array", 560, 160, {"config": {"count": 2}}),
                 ("avg", "data.average", 820, 160)],
                [("inputs.morning", "m.celsius"), ("inputs.noon", "n.celsius"), ("m.fahrenheit", "both.item_0"),
                 ("n.fahrenheit", "both.item_1"), ("both.items", "avg.values"), ("avg.average", "outputs.average")]),
    ],
    exercise={
        "instructions": "Change “C to F” (say, to round to whole degrees) and press Check: every instance follows.",
        "cases": [
            {"name": "a mild day", "input": {"morning": 12, "noon": 24}, "expect": {"average_f": 64.4, "noon_f": 75}},
            {"name": "freezing to boiling", "input": {"morning": 0, "noon": 100}, "expect": {"average_f": 122, "noon_f": 212}},
            {"name": "C to F: body temperature", "subflow": "c_to_f", "input": {"celsius": 37}, "expect": {"fahrenheit": 98.6}},
            {"name": "C to F: minus forty", "subflow": "c_to_f", "input": {"celsius": -40}, "expect": {"fahrenheit": -40}},
        ],
    },
)

EXAMPLES["word-count"] = board(
    "Word count",
    "Counts the words of a text: trim it, split it at spaces, count the parts. Try your own text in the run input.",
    [
        ("text", "event.board_input", 40, 140, {"config": {"name": "text", "data_type": "String", "default": "the quick brown fox jumps over the lazy dog"}}),
        ("trim", "text.trim", 300, 140),
        ("split", "text.split", 560, 140, {"inputs": {"separator": " "}}),
        ("count", "data.array_length", 820, 100),
        ("words", "event.board_output", 1080, 100, {"config": {"name": "words"}}),
        ("show", "output.display", 1080, 220, {"label": "The words"}),
    ],
    [("text.value", "trim.text"), ("trim.text", "split.text"), ("split.parts", "count.array"),
     ("count.length", "words.value"), ("split.parts", "show.value"), ("text.then", "show.exec"),
     ("show.then", "words.exec")],
    comments=[("note", "Run input: {\"text\": \"the quick brown fox\"}", 40, 30, 330, 60)],
    exercise={
        "instructions": "Count the words of the input text.",
        "cases": [
            {"name": "four words", "input": {"text": "the quick brown fox"}, "expect": {"words": 4}},
            {"name": "spaces around", "input": {"text": "  hello world  "}, "expect": {"words": 2}},
        ],
    },
)

CSV = "name,subject,score\nAda,maths,92\nAlan,maths,85\nGrace,physics,78\nKatherine,physics,95\nEdsger,maths,88"
EXAMPLES["csv-statistics"] = board(
    "CSV statistics",
    "Parses a small CSV table, shows it, and computes the average and the best score.",
    [
        ("csv", "value.constant", 40, 120, {"config": {"data_type": "String", "value": CSV}, "label": "Scores (CSV)"}),
        ("parse", "data.csv_parse", 300, 120),
        ("table", "output.display", 560, -80, {"label": "The table"}),
        ("start", "event.manual_start", 300, -80),
        ("scores", "data.map_field", 560, 220, {"inputs": {"field": "score"}}),
        ("average", "data.average", 820, 160),
        ("sorted", "data.sort_by", 820, 320, {"inputs": {"field": "score"}, "config": {"descending": True}, "label": "Best first"}),
        ("avg_out", "event.board_output", 1080, 160, {"config": {"name": "average"}}),
        ("best_out", "event.board_output", 1080, 320, {"config": {"name": "ranking"}}),
    ],
    [("csv.value", "parse.text"), ("start.then", "table.exec"), ("parse.rows", "table.value"),
     ("parse.rows", "scores.items"), ("scores.values", "average.values"), ("average.average", "avg_out.value"),
     ("parse.rows", "sorted.items"), ("sorted.items", "best_out.value"),
     ("table.then", "avg_out.exec"), ("avg_out.then", "best_out.exec")],
)

EXAMPLES["fizzbuzz"] = board(
    "FizzBuzz",
    "For 1 to 15: Fizz for multiples of 3, Buzz for multiples of 5, FizzBuzz for both. A loop, branches and a variable.",
    [
        ("start", "event.manual_start", 20, 40),
        ("range", "data.range", 20, 180, {"inputs": {"start": 1, "end": 16}}),
        ("loop", "flow.for_each", 280, 40),
        ("m15", "math.modulo", 280, 320, {"inputs": {"b": 15}, "label": "mod 15"}),
        ("is15", "logic.equal", 520, 320, {"inputs": {"b": 0}, "label": "= 0"}),
        ("m3", "math.modulo", 280, 440, {"inputs": {"b": 3}, "label": "mod 3"}),
        ("is3", "logic.equal", 520, 440, {"inputs": {"b": 0}, "label": "= 0"}),
        ("m5", "math.modulo", 280, 560, {"inputs": {"b": 5}, "label": "mod 5"}),
        ("is5", "logic.equal", 520, 560, {"inputs": {"b": 0}, "label": "= 0"}),
        ("b15", "flow.branch", 760, 40, {"label": "FizzBuzz?"}),
        ("b3", "flow.branch", 1000, 140, {"label": "Fizz?"}),
        ("b5", "flow.branch", 1240, 240, {"label": "Buzz?"}),
        ("say15", "var.set", 1000, -120, {"inputs": {"value": "FizzBuzz"}, "config": {"name": "word"}}),
        ("say3", "var.set", 1240, -20, {"inputs": {"value": "Fizz"}, "config": {"name": "word"}}),
        ("say5", "var.set", 1480, 100, {"inputs": {"value": "Buzz"}, "config": {"name": "word"}}),
        ("text", "convert.to_string", 1240, 440),
        ("sayn", "var.set", 1480, 320, {"config": {"name": "word"}, "label": "Say the number"}),
        ("word", "var.get", 1480, 540, {"config": {"name": "word"}}),
        ("collect", "flow.collect", 1740, 100),
        ("out", "event.board_output", 1740, 340, {"config": {"name": "fizzbuzz"}}),
        ("show", "output.display", 1980, 100, {"label": "Answer"}),
    ],
    [("start.then", "loop.exec"), ("range.values", "loop.array"), ("loop.item", "m15.a"), ("m15.result", "is15.a"),
     ("loop.item", "m3.a"), ("m3.result", "is3.a"), ("loop.item", "m5.a"), ("m5.result", "is5.a"),
     ("loop.body", "b15.exec"), ("is15.result", "b15.condition"), ("b15.true", "say15.exec"), ("b15.false", "b3.exec"),
     ("is3.result", "b3.condition"), ("b3.true", "say3.exec"), ("b3.false", "b5.exec"), ("is5.result", "b5.condition"),
     ("b5.true", "say5.exec"), ("b5.false", "sayn.exec"), ("loop.item", "text.value"), ("text.value", "sayn.value"),
     ("say15.then", "collect.exec"), ("say3.then", "collect.exec"), ("say5.then", "collect.exec"),
     ("sayn.then", "collect.exec"), ("word.value", "collect.item"), ("loop.completed", "out.exec"),
     ("collect.items", "out.value"), ("out.then", "show.exec"), ("collect.items", "show.value")],
    variables=[{"name": "word", "data_type": "String", "default": ""}],
)

EXAMPLES["error-handling"] = board(
    "Error handling",
    "Parse JSON fails on bad text; its Error pin is wired, so the failure becomes data (code, message, node) instead of stopping the run.",
    [
        ("start", "event.manual_start", 40, 60),
        ("parse", "data.json_parse", 40, 220, {"inputs": {"text": "{\"a\": 1,"}, "label": "Parse (bad JSON)"}),
        ("message", "data.get_path", 300, 260, {"inputs": {"path": "message"}}),
        ("show", "output.display", 560, 60, {"label": "What went wrong"}),
        ("out", "event.board_output", 820, 60, {"config": {"name": "error"}}),
    ],
    [("start.then", "show.exec"), ("parse.error", "message.value"), ("message.value", "show.value"),
     ("show.then", "out.exec"), ("parse.error", "out.value")],
    comments=[("note", "Unwire the Error pin and run again: the run now stops at Parse, red, with its message.", 300, 420, 300, 80)],
)

ADD_WAT = module(os.path.join(ROOT, "node-sdk/examples/wat/add.wat"), "add.wat")
EXAMPLES["custom-node"] = board(
    "A custom node in WebAssembly text",
    "Add (WAT) is a node written by hand in WebAssembly text and run in the tab's sandbox. Select it and choose Edit WebAssembly text to change it.",
    [
        ("x", "event.board_input", 40, 80, {"config": {"name": "x", "data_type": "Integer", "default": 40}}),
        ("y", "event.board_input", 40, 240, {"config": {"name": "y", "data_type": "Integer", "default": 2}}),
        ("add", kind_of(ADD_WAT), 320, 140),
        ("sum", "event.board_output", 600, 140, {"config": {"name": "sum"}}),
    ],
    [("x.value", "add.a"), ("y.value", "add.b"), ("add.sum", "sum.value")],
    comments=[("note", "Run input: {\"x\": 40, \"y\": 2}", 320, 20, 220, 60)],
    modules=[ADD_WAT],
    exercise={
        "instructions": "The custom node adds x and y.",
        "cases": [{"name": "forty-two", "input": {"x": 40, "y": 2}, "expect": {"sum": 42}}],
    },
)

VOWELS_IO = json.load(open(os.path.join(HERE, "vowels.io.json")))
VOWELS = module(os.path.join(HERE, "vowels.wat"), "vowels.wat", VOWELS_IO)
EXAMPLES["wasi-node"] = board(
    "A WASI program as a node",
    "Vowels is a WASI program (written in WebAssembly text): its input arrives on stdin as JSON, its stdout JSON becomes its outputs, its stderr its log.",
    [
        ("text", "event.board_input", 40, 120, {"config": {"name": "text", "data_type": "String", "default": "Hello, world"}}),
        ("vowels", kind_of(VOWELS), 320, 120),
        ("count", "event.board_output", 600, 80, {"config": {"name": "vowels"}}),
        ("size", "event.board_output", 600, 220, {"config": {"name": "bytes"}}),
    ],
    [("text.value", "vowels.input"), ("vowels.vowels", "count.value"), ("vowels.bytes", "size.value")],
    comments=[("note", "Run input: {\"text\": \"Hello, world\"}", 40, 20, 260, 60)],
    modules=[VOWELS],
)

EXAMPLES["timer"] = board(
    "A timer",
    "The Interval event fires 5 times, 200 ms apart; each tick adds to a counter variable and logs it. The page stays responsive meanwhile.",
    [
        ("every", "event.interval", 40, 100, {"config": {"every_ms": 200, "count": 5}}),
        ("count", "var.get", 40, 300, {"config": {"name": "ticks"}}),
        ("plus", "math.add", 300, 300, {"inputs": {"b": 1}, "label": "+ 1"}),
        ("save", "var.set", 300, 100, {"config": {"name": "ticks"}}),
        ("log", "output.debug_log", 560, 100, {"config": {"label": "tick"}}),
        ("total", "event.board_output", 820, 100, {"config": {"name": "ticks"}}),
    ],
    [("every.then", "save.exec"), ("count.value", "plus.a"), ("plus.result", "save.value"), ("save.then", "log.exec"),
     ("save.value", "log.value"), ("log.then", "total.exec"), ("save.value", "total.value")],
    variables=[{"name": "ticks", "data_type": "Integer", "default": 0}],
)

EXAMPLES["web-api"] = board(
    "Calling a web API",
    "Asks a JSON API on this computer for the weather and outputs the temperature. The first run asks your permission: the HTTP Request node may reach only the origin it names, and only once you allow it for this board (Board → Permissions and secrets… revokes it).",
    [
        ("weather", "http.request", 40, 100, {"config": {"url": "http://127.0.0.1:8787/weather?city=Lyon", "response": "json"}}),
        ("celsius", "data.get_path", 360, 100, {"inputs": {"path": "celsius"}}),
        ("out", "event.board_output", 640, 100, {"config": {"name": "celsius"}}),
    ],
    [("weather.body", "celsius.value"), ("celsius.value", "out.value")],
    comments=[("note", "Needs an API on 127.0.0.1:8787: node tests/e2e/api-server.mjs starts one.", 40, 10, 420, 60)],
)

EXAMPLES["exercise-average"] = board(
    "Exercise: the average",
    "An exercise. Make the board output the average of the numbers in the run input. Press Check to test it.",
    [
        ("numbers", "event.board_input", 40, 120, {"config": {"name": "numbers", "data_type": "Float", "value_type": "Array", "default": [4, 8, 15, 16, 23, 42]}}),
        ("total", "data.sum", 320, 120),
        ("average", "event.board_output", 600, 120, {"config": {"name": "average"}}),
    ],
    [("numbers.value", "total.values"), ("total.total", "average.value")],
    comments=[("note", "This gives the sum, not the average: fix it (hint: the Average node).", 300, 10, 300, 70)],
    exercise={
        "instructions": "Output the average of the input numbers as `average`.",
        "cases": [
            {"name": "all the same", "input": {"numbers": [0]}, "expect": {"average": 0}},
            {"name": "three numbers", "input": {"numbers": [1, 2, 6]}, "expect": {"average": 3}},
        ],
    },
)

if __name__ == "__main__":
    for name, doc in EXAMPLES.items():
        path = os.path.join(HERE, f"{name}.board.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(path)
