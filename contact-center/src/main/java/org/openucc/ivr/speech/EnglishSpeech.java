package org.openucc.ivr.speech;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** English: "one hundred twenty three", "March fifth", "two thirty p m", "forty nine euros and ninety cents". */
final class EnglishSpeech implements Speech {
    private final String language;

    EnglishSpeech(String language) {
        this.language = language;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public List<String> number(long n) {
        List<String> out = new ArrayList<>();
        if (n < 0) {
            out.add("say/minus");
            n = -n;
        }
        if (n == 0) {
            out.add("say/0");
        } else {
            words(n, out);
        }
        return out;
    }

    private static void words(long n, List<String> out) {
        long[] scales = {1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"say/billion", "say/million", "say/thousand"};
        for (int i = 0; i < scales.length; i++) {
            if (n >= scales[i]) {
                words(n / scales[i], out);
                out.add(names[i]);
                n %= scales[i];
            }
        }
        if (n >= 100) {
            out.add("say/" + n / 100);
            out.add("say/hundred");
            n %= 100;
        }
        if (n >= 20) {
            out.add("say/" + n / 10 * 10);
            n %= 10;
        }
        if (n > 0) {
            out.add("say/" + n);
        }
    }

    @Override
    public List<String> digits(String digits) {
        List<String> out = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            if (c >= '0' && c <= '9') {
                out.add("say/" + c);
            }
        }
        return out;
    }

    @Override
    public List<String> amount(BigDecimal value, String currency) {
        long[] parts = Speech.split(value);
        boolean dollars = "USD".equals(currency);
        List<String> out = new ArrayList<>();
        if (value.signum() < 0) {
            out.add("say/minus");
        }
        out.addAll(number(parts[0]));
        out.add(dollars ? (parts[0] == 1 ? "say/dollar" : "say/dollars") : (parts[0] == 1 ? "say/euro" : "say/euros"));
        if (parts[1] > 0) {
            out.add("say/and");
            out.addAll(number(parts[1]));
            out.add(parts[1] == 1 ? "say/cent" : "say/cents");
        }
        return out;
    }

    @Override
    public List<String> date(LocalDate date, boolean withYear) {
        List<String> out = new ArrayList<>();
        out.add("say/month-" + date.getMonthValue());
        out.add("say/ord-" + date.getDayOfMonth());
        if (withYear) {
            out.addAll(number(date.getYear()));
        }
        return out;
    }

    @Override
    public List<String> time(LocalTime time) {
        List<String> out = new ArrayList<>();
        int h12 = time.getHour() % 12 == 0 ? 12 : time.getHour() % 12;
        out.addAll(number(h12));
        int m = time.getMinute();
        if (m == 0) {
            out.add("say/oclock");
        } else {
            if (m < 10) {
                out.add("say/oh");
            }
            out.addAll(number(m));
        }
        out.add(time.getHour() < 12 ? "say/am" : "say/pm");
        return out;
    }

    @Override
    public Set<String> fragments() {
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            all.add("say/" + i);
        }
        for (int i = 20; i <= 90; i += 10) {
            all.add("say/" + i);
        }
        for (int i = 1; i <= 31; i++) {
            all.add("say/ord-" + i);
        }
        for (int i = 1; i <= 12; i++) {
            all.add("say/month-" + i);
        }
        all.addAll(List.of("say/hundred", "say/thousand", "say/million", "say/billion", "say/minus", "say/oclock",
                "say/oh", "say/am", "say/pm", "say/and", "say/euro", "say/euros", "say/dollar", "say/dollars",
                "say/cent", "say/cents"));
        return all;
    }
}
