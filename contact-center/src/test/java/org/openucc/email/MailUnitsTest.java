package org.openucc.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.openucc.config.EmailConfig;
import org.openucc.config.EmailRule;
import org.openucc.interaction.Tier;

/** The email channel's pieces without a mail server: MIME reading, rules, subjects. */
class MailUnitsTest {
    private static MimeMessage mime(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anHtmlOnlyMailIsSanitizedAndGetsAReadableTextBody() throws Exception {
        InboundMail mail = new MailParser(1000).parse(mime("""
                From: "Anna Schmidt" <Anna.Schmidt@Mail.Example>
                To: service@openucc.test, Other <other@openucc.test>
                Subject: =?UTF-8?Q?R=C3=BCckerstattung?=
                Message-ID: <abc@mail.example>
                In-Reply-To: <x1@openucc.test>
                References: <x0@openucc.test>
                 <x1@openucc.test>
                Content-Type: text/html; charset=utf-8

                <p>Hallo &amp; guten Tag</p><script>alert(1)</script><a href="javascript:evil()" onclick="x()">link</a>
                """));
        assertThat(mail.fromAddress()).isEqualTo("anna.schmidt@mail.example");
        assertThat(mail.fromName()).isEqualTo("Anna Schmidt");
        assertThat(mail.to()).containsExactly("service@openucc.test", "other@openucc.test");
        assertThat(mail.subject()).isEqualTo("Rückerstattung");
        assertThat(mail.inReplyTo()).isEqualTo("<x1@openucc.test>");
        assertThat(mail.references()).containsExactly("<x0@openucc.test>", "<x1@openucc.test>");
        assertThat(mail.html()).contains("<p>Hallo &amp; guten Tag</p>").doesNotContain("script", "javascript",
                "onclick");
        assertThat(mail.text()).startsWith("Hallo & guten Tag").doesNotContain("alert");
        assertThat(mail.automatic()).isFalse();
    }

    @Test
    void aMailWithoutMessageIdGetsOneAndAutoSubmittedMailIsAutomatic() throws Exception {
        InboundMail mail = new MailParser(1000).parse(mime("""
                From: robot@mail.example
                To: service@openucc.test
                Subject: Out of office
                Auto-Submitted: auto-replied
                Content-Type: text/plain; charset=utf-8

                I am away.
                """));
        assertThat(mail.messageId()).startsWith("<").endsWith("@openucc.invalid>");
        assertThat(mail.automatic()).isTrue();
        assertThat(mail.text().strip()).isEqualTo("I am away.");
    }

    @Test
    void theFirstMatchingRuleRoutesAThreadElseTheDefaultQueue() {
        EmailConfig config = new EmailConfig(true, "service@openucc.test", "127.0.0.1", 0, false, null, null, null,
                Duration.ofSeconds(1), "127.0.0.1", 25, false, null, null, "email", List.of(
                        new EmailRule("billing@openucc.test", List.of(), null, "billing-mail", Map.of(), 0),
                        new EmailRule(null, List.of("Refund", "invoice"), null, null, Map.of("billing", 3), 10),
                        new EmailRule(null, List.of(), Tier.VIP, "vip-mail", Map.of(), 50)), null, 0);
        EmailRouter router = new EmailRouter(config);
        assertThat(router.route(mail("billing@openucc.test", "hello"), null).queue()).isEqualTo("billing-mail");
        EmailRouter.Route refund = router.route(mail("service@openucc.test", "My REFUND please"), Tier.VIP);
        assertThat(refund.queue()).isEqualTo("email");
        assertThat(refund.skills()).containsEntry("billing", 3);
        assertThat(refund.rule()).isEqualTo(1);
        assertThat(router.route(mail("service@openucc.test", "hello"), Tier.VIP).priority()).isEqualTo(50);
        assertThat(router.route(mail("service@openucc.test", "hello"), Tier.B).rule()).isEqualTo(-1);
    }

    @Test
    void replySubjectsCarryTheTicketOnceAndOneRePrefix() {
        assertThat(EmailService.subject("Refund", "int-1")).isEqualTo("Re: Refund [#int-1]");
        assertThat(EmailService.subject("RE: AW: Re: Refund [#int-1]", "int-1")).isEqualTo("Re: Refund [#int-1]");
        assertThat(EmailService.subject(null, "int-1")).isEqualTo("Re: [#int-1]");
    }

    private static InboundMail mail(String to, String subject) {
        return new InboundMail("<m@x>", null, null, "a@b.example", null, List.of(to), subject, "", null, null, false);
    }
}
