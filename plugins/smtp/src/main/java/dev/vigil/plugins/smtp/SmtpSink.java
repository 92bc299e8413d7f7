package dev.vigil.plugins.smtp;

import dev.vigil.api.EventSink;
import dev.vigil.api.FieldTemplate;
import dev.vigil.api.ItemFields;
import dev.vigil.api.PermanentDeliveryException;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sink type {@code smtp}: mails alarm changes (and events, with {@code events: true}) to a list of
 * recipients. One item makes one mail from the subject and body templates; a batch (the instance's
 * {@code batch.window} gathering a burst) makes one digest mail listing every item, so a camera
 * that fires a hundred times a minute sends one mail a minute, not a hundred.
 *
 * <p>A server that is down or answers 4xx makes the outbox retry with backoff, then dead-letter; a
 * 5xx answer (a recipient refused, a message rejected) is final and dead-letters at once.
 */
@Extension
public class SmtpSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSink.class);

    private MailSettings settings;
    private ItemFields fields;
    private FieldTemplate digestSubject;
    private Session session;
    private String instance;

    @Override
    public String type() {
        return "smtp";
    }

    @Override
    public void start(PluginContext context) {
        settings = MailSettings.from(context.settings());
        instance = context.instanceName();
        fields = new ItemFields(context, settings.zone());
        digestSubject = FieldTemplate.parse("digestSubject", settings.digestSubject(), MailSettings.digestFields());
        session = Session.getInstance(properties(settings));
        LOG.info(
                "E-mail sink '{}': {}:{} ({}), {} recipient(s)",
                instance,
                settings.host(),
                settings.port(),
                settings.security().name().toLowerCase(java.util.Locale.ROOT),
                settings.to().size());
    }

    static Properties properties(MailSettings s) {
        Properties p = new Properties();
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        String ms = Long.toString(s.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.auth", Boolean.toString(!s.username().isEmpty()));
        switch (s.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                // Never fall back to clear text when the server does not offer STARTTLS.
                p.put("mail.smtp.starttls.required", "true");
            }
            case SMTPS -> p.put("mail.smtp.ssl.enable", "true");
            case NONE -> {}
        }
        if (s.security() != MailSettings.Security.NONE) {
            p.put(
                    "mail.smtp.ssl.checkserveridentity",
                    Boolean.toString(!s.trust().equals("*")));
            if (!s.trust().isEmpty()) {
                p.put("mail.smtp.ssl.trust", s.trust());
            }
        }
        return p;
    }

    @Override
    public void onBatch(List<SinkItem> items) throws Exception {
        MimeMessage mail = compose(items);
        // Jakarta Mail finds its providers and MIME handlers through the context class loader.
        Thread t = Thread.currentThread();
        ClassLoader was = t.getContextClassLoader();
        t.setContextClassLoader(SmtpSink.class.getClassLoader());
        try {
            if (settings.username().isEmpty()) {
                Transport.send(mail);
            } else {
                Transport.send(mail, settings.username(), settings.password());
            }
        } catch (MessagingException e) {
            throw refusedForGood(e) ? new PermanentDeliveryException(describe(e), e) : e;
        } finally {
            t.setContextClassLoader(was);
        }
    }

    /** The item's fields, and the two this sink adds: the site's name and the link back to the alarm. */
    private java.util.Map<String, String> fieldsOf(SinkItem item) {
        java.util.Map<String, String> f = fields.of(item);
        f.put("site", settings.site());
        f.put("link", item.isEvent() ? "" : settings.link().render(f));
        return f;
    }

    MimeMessage compose(List<SinkItem> items) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(settings.from());
        m.setRecipients(Message.RecipientType.TO, settings.to().toArray(new InternetAddress[0]));
        m.setSentDate(new Date());
        if (items.size() == 1) {
            java.util.Map<String, String> f = fieldsOf(items.get(0));
            boolean event = items.get(0).isEvent();
            m.setSubject(oneLine((event ? settings.eventSubject() : settings.subject()).render(f)), "UTF-8");
            m.setText(tidy((event ? settings.eventBody() : settings.body()).render(f)), "UTF-8");
            m.setHeader("X-Vigil-Key", items.get(0).key());
            return m;
        }
        StringBuilder body = new StringBuilder();
        body.append(items.size()).append(" alarm changes and events, oldest first.\n");
        java.util.Map<String, String> first = fieldsOf(items.get(0));
        java.util.Map<String, String> last = first;
        for (SinkItem item : items) {
            last = fieldsOf(item);
            body.append("\n----------------------------------------\n");
            body.append(tidy((item.isEvent() ? settings.eventBody() : settings.body()).render(last)));
        }
        java.util.Map<String, String> digest = new java.util.HashMap<>(first);
        digest.put("count", Integer.toString(items.size()));
        digest.put("first", first.get("time"));
        digest.put("last", last.get("time"));
        m.setSubject(oneLine(digestSubject.render(digest)), "UTF-8");
        m.setText(body.toString(), "UTF-8");
        m.setHeader(
                "X-Vigil-Key",
                items.get(0).key() + ".." + items.get(items.size() - 1).key());
        return m;
    }

    /** Lines a template left empty (no context, no attached camera) are dropped. */
    private static String tidy(String body) {
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            if (!line.isBlank()) {
                out.append(line.stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    private static String oneLine(String subject) {
        return subject.replaceAll("[\r\n]+", " ").trim();
    }

    /** A 5xx answer is the server's final word on this message; anything else may pass on a later try. */
    static boolean refusedForGood(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            if (x instanceof SMTPSendFailedException f && f.getReturnCode() >= 500) {
                return true;
            }
            if (x instanceof SMTPAddressFailedException f && f.getReturnCode() >= 500) {
                return true;
            }
        }
        return false;
    }

    private static String describe(MessagingException e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()).trim());
        for (Exception x = e.getNextException();
                x != null;
                x = x instanceof MessagingException me ? me.getNextException() : null) {
            out.append("; ").append(String.valueOf(x.getMessage()).trim());
        }
        return out.toString();
    }
}
