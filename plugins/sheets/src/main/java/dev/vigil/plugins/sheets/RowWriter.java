package dev.vigil.plugins.sheets;

import java.util.List;
import java.util.Map;

/** Where rows go: the Sheets API or an Apps Script web app. Each item is its fields by name. */
interface RowWriter {
    void write(List<Map<String, String>> items) throws Exception;
}
