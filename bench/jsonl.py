"""The JSON objects of a JSON-lines file (vigil's events or a peer's), skipping lines that are not objects:
shared by the bench scripts that read events back."""
import json


def json_objects(path):
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                yield json.loads(line)
