package com.cordiul.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The curl examples of a Markdown document, read the way a shell would run them: {@code ```bash} blocks of a
 * {@code ## } section, backslash-continued lines joined, single and double quotes, {@code $VAR} and {@code $(command)}
 * expanded from what the caller provides, comments dropped. A comment right after a command that starts with an
 * HTTP status ({@code # 201 {...}}) is what the document promises that command answers.
 *
 * @param line the command as written (continuations joined)
 * @param method the HTTP method
 * @param url the URL, expanded
 * @param headers the headers, in order
 * @param body the body, or null
 * @param documentedStatus the status the following comment promises, or 0
 * @param documentedAnswer the text of that comment (may span several comment lines), or ""
 */
record ReadmeCurl(String line, String method, String url, Map<String, String> headers, String body,
                  int documentedStatus, String documentedAnswer) {

    private static final Pattern DOCUMENTED_STATUS = Pattern.compile("^#\\s*([1-5][0-9][0-9])\\b.*");

    /** The curl commands of a {@code ## } section, in order; {@code expand} maps a variable or command to text. */
    static List<ReadmeCurl> inSection(String markdown, String heading, UnaryOperator<String> expand) {
        List<String> lines = logicalLines(section(markdown, heading));
        List<ReadmeCurl> commands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("curl ")) {
                continue;
            }
            StringBuilder answer = new StringBuilder();
            int status = 0;
            for (int j = i + 1; j < lines.size() && lines.get(j).strip().startsWith("#"); j++) {
                String comment = lines.get(j).strip();
                Matcher m = DOCUMENTED_STATUS.matcher(comment);
                if (j == i + 1 && m.matches()) {
                    status = Integer.parseInt(m.group(1));
                } else if (status == 0) {
                    break;
                }
                answer.append(comment.substring(1)).append('\n');
            }
            commands.add(parse(line, words(line, expand), status, answer.toString()));
        }
        return commands;
    }

    /** The text of a {@code ## } section, without its subsections' successors. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n## " + heading + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("No section '## " + heading + "'");
        }
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    /** The lines of the section's bash blocks, continuation lines joined. */
    private static List<String> logicalLines(String section) {
        List<String> lines = new ArrayList<>();
        boolean inBash = false;
        StringBuilder pending = new StringBuilder();
        for (String raw : section.split("\n")) {
            if (raw.startsWith("```")) {
                inBash = !inBash && raw.equals("```bash");
                continue;
            }
            if (!inBash) {
                continue;
            }
            String text = stripComment(raw);
            if (text.endsWith("\\")) {
                pending.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            pending.append(pending.length() == 0 ? raw : text);
            lines.add(pending.toString());
            pending.setLength(0);
        }
        return lines;
    }

    /** The line without a trailing {@code # comment} that lies outside quotes. */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i == 0 ? line : line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }

    /** Splits a command line into words as a POSIX shell does (no globbing, no word splitting of expansions). */
    static List<String> words(String line, UnaryOperator<String> expand) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        int i = 0;
        String text = stripComment(line);
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                i++;
            } else if (c == '$' && quote != '\'') {
                int end = expansionEnd(text, i);
                String name = text.charAt(i + 1) == '(' ? text.substring(i + 2, end - 1)
                        : text.substring(i + 1, end);
                word = word == null ? new StringBuilder() : word;
                word.append(expand.apply(name));
                i = end;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                i++;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
            } else {
                word = word == null ? new StringBuilder() : word;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else {
                    word.append(c);
                }
                i++;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Unbalanced quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static int expansionEnd(String text, int dollar) {
        if (text.charAt(dollar + 1) == '(') {
            int close = text.indexOf(')', dollar);
            if (close < 0) {
                throw new IllegalArgumentException("Unclosed $( in: " + text);
            }
            return close + 1;
        }
        int end = dollar + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return end;
    }

    private static ReadmeCurl parse(String line, List<String> words, int status, String answer) {
        String method = null;
        String url = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-X", "--request" -> method = words.get(++i);
                case "--url" -> url = words.get(++i);
                case "-H", "--header" -> {
                    String header = words.get(++i);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
                }
                case "-d", "--data" -> body = words.get(++i);
                case "-s", "--silent" -> {
                    // Output only: nothing to send.
                }
                default -> {
                    if (word.startsWith("-") || url != null) {
                        throw new IllegalArgumentException("Unexpected '" + word + "' in: " + line);
                    }
                    url = word;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("No URL in: " + line);
        }
        return new ReadmeCurl(line, method != null ? method : body != null ? "POST" : "GET", url,
                Map.copyOf(headers), body, status, answer);
    }
}
