"""CSV for the list endpoints: one row per item, nested values flattened."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from web.spreadsheets import neutralise


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("slug") or value.get("code") or value.get("name") or ""
    elif isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    return neutralise(str(value))


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        out = io.StringIO()
        if rows and isinstance(rows[0], dict):
            columns = list(rows[0])
            writer = csv.writer(out)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(row.get(column)) for column in columns])
        return out.getvalue().encode("utf-8")
