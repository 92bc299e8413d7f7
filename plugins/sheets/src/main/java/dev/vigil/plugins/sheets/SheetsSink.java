package dev.vigil.plugins.sheets;

import dev.vigil.api.EventSink;
import dev.vigil.api.ItemFields;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sink type {@code sheets}: one row per event or alarm change in a Google Sheet, the columns named by
 * the sheet's header row (see {@link SheetsSettings} for the two modes). With the instance's
 * {@code batch.size} above 1, the Sheets API mode appends a whole batch in one request, which is what
 * keeps a busy site inside Google's per-minute quota; a 429 answer waits as long as Google asks.
 */
@Extension
public class SheetsSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(SheetsSink.class);

    private RowWriter writer;
    private ItemFields fields;

    @Override
    public String type() {
        return "sheets";
    }

    @Override
    public void start(PluginContext context) throws Exception {
        SheetsSettings settings = SheetsSettings.from(context.settings(), context.dataDirectory());
        fields = new ItemFields(context, settings.zone());
        writer = settings.api() ? new SheetsApiWriter(settings) : new AppsScriptWriter(settings);
        LOG.info(
                "Sheets sink '{}' writes to {}",
                context.instanceName(),
                settings.api()
                        ? "spreadsheet " + settings.spreadsheetId() + " tab '" + settings.sheet() + "' (Sheets API)"
                        : settings.url().getHost() + " (Apps Script web app)");
    }

    @Override
    public void onBatch(List<SinkItem> items) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>(items.size());
        for (SinkItem item : items) {
            rows.add(fields.of(item));
        }
        writer.write(rows);
    }
}
