package org.openucc.ivr.speech;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Mandarin: 一百零五, 一万零五十, 十二 (not 一十二), dates as 2026年3月5日 with the year read digit by digit,
 * times as 下午两点三十分, money as 四十九欧元九十欧分.
 */
final class ChineseSpeech implements Speech {
    private static final String[] SMALL_UNITS = {"", "say/ten", "say/hundred", "say/thousand"};

    private final String language;

    ChineseSpeech(String language) {
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
            return out;
        }
        if (n >= 10 && n < 20) {
            out.add("say/ten");
            if (n > 10) {
                out.add("say/" + (n - 10));
            }
            return out;
        }
        long yi = n / 100_000_000L;
        long wan = n / 10_000L % 10_000L;
        long low = n % 10_000L;
        boolean before = false;
        if (yi > 0) {
            out.addAll(number(yi)); // may itself contain 万
            out.add("say/yi");
            before = true;
        }
        if (wan > 0) {
            if (before && wan < 1000) {
                out.add("say/0");
            }
            section(wan, out);
            out.add("say/wan");
            before = true;
        } else if (before && low > 0) {
            out.add("say/0");
            before = false; // the zero is said already
        }
        if (low > 0) {
            if (before && low < 1000) {
                out.add("say/0");
            }
            section(low, out);
        }
        return out;
    }

    /** 1..9999 with 千百十 and one 零 for each run of zeros between non-zero digits. */
    private static void section(long s, List<String> out) {
        boolean pendingZero = false;
        boolean started = false;
        for (int pos = 3; pos >= 0; pos--) {
            long d = s / pow10(pos) % 10;
            if (d == 0) {
                pendingZero = started;
                continue;
            }
            if (pendingZero) {
                out.add("say/0");
                pendingZero = false;
            }
            out.add("say/" + d);
            if (pos > 0) {
                out.add(SMALL_UNITS[pos]);
            }
            started = true;
        }
    }

    private static long pow10(int p) {
        long r = 1;
        for (int i = 0; i < p; i++) {
            r *= 10;
        }
        return r;
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
        out.add(dollars ? "say/dollar" : "say/euro");
        if (parts[1] > 0) {
            out.addAll(number(parts[1]));
            out.add(dollars ? "say/dollar-cent" : "say/euro-cent");
        }
        return out;
    }

    @Override
    public List<String> date(LocalDate date, boolean withYear) {
        List<String> out = new ArrayList<>();
        if (withYear) {
            out.addAll(digits(String.valueOf(date.getYear())));
            out.add("say/year");
        }
        out.addAll(number(date.getMonthValue()));
        out.add("say/month");
        out.addAll(number(date.getDayOfMonth()));
        out.add("say/day");
        return out;
    }

    @Override
    public List<String> time(LocalTime time) {
        List<String> out = new ArrayList<>();
        out.add(time.getHour() < 12 ? "say/am" : "say/pm");
        int h12 = time.getHour() % 12 == 0 ? 12 : time.getHour() % 12;
        if (h12 == 2) {
            out.add("say/liang"); // 两点, not 二点
        } else {
            out.addAll(number(h12));
        }
        out.add("say/hour");
        if (time.getMinute() > 0) {
            out.addAll(number(time.getMinute()));
            out.add("say/minute");
        }
        return out;
    }

    @Override
    public Set<String> fragments() {
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < 10; i++) {
            all.add("say/" + i);
        }
        all.addAll(List.of("say/ten", "say/hundred", "say/thousand", "say/wan", "say/yi", "say/liang", "say/minus",
                "say/year", "say/month", "say/day", "say/hour", "say/minute", "say/am", "say/pm", "say/euro",
                "say/euro-cent", "say/dollar", "say/dollar-cent"));
        return all;
    }
}
