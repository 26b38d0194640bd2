/* The style features that are regular expressions in clickbait.style, as scanners. */
#include "speedups.h"

int
find_words(const Py_UCS4 *s, Py_ssize_t n, IntBuffer *words)
{
    words->size = 0;
    for (Py_ssize_t i = 0; i < n;) {
        if (!is_alnum(s[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        for (;;) {
            while (j < n && is_alnum(s[j]))
                j++;
            if (j + 1 < n && (s[j] == '\'' || s[j] == '-') && is_alnum(s[j + 1]))
                j++;
            else
                break;
        }
        if (ints_push(words, (int32_t)i) < 0 || ints_push(words, (int32_t)j) < 0)
            return -1;
        i = j;
    }
    return 0;
}

/* Case-insensitive match of a lowercase ASCII letter, as re.IGNORECASE matches it. */
static inline int
same_letter(Py_UCS4 c, char letter)
{
    Py_UCS4 lower = Py_UNICODE_TOLOWER(c);
    return lower == (Py_UCS4)letter || (letter == 'i' && lower == 0x131) ||
           (letter == 's' && lower == 0x17f);
}

/* style._LEADING_NUMBER: ^(?:(?:les|the|top|ces|these|voici)\s+)?\d+\b, ignoring case. */
int
leading_number(const Py_UCS4 *s, Py_ssize_t n)
{
    static const char *openers[] = {"", "les", "the", "top", "ces", "these", "voici"};
    for (size_t w = 0; w < sizeof(openers) / sizeof(*openers); w++) {
        const char *opener = openers[w];
        Py_ssize_t i = 0, size = (Py_ssize_t)strlen(opener);
        if (size > n)
            continue;
        while (i < size && same_letter(s[i], opener[i]))
            i++;
        if (i < size)
            continue;
        if (size) {
            Py_ssize_t spaces = i;
            while (i < n && is_space(s[i]))
                i++;
            if (i == spaces)
                continue;
        }
        Py_ssize_t digits = i;
        while (i < n && is_decimal(s[i]))
            i++;
        if (i > digits && (i == n || !is_word(s[i])))
            return 1;
    }
    return 0;
}

/* style._YEAR: \b(?:19[5-9]\d|20[0-4]\d)\b, anywhere. */
int
has_year(const Py_UCS4 *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i + 4 <= n; i++) {
        if (i > 0 && is_word(s[i - 1]))
            continue;
        int century = (s[i] == '1' && s[i + 1] == '9' && s[i + 2] >= '5' && s[i + 2] <= '9') ||
                      (s[i] == '2' && s[i + 1] == '0' && s[i + 2] >= '0' && s[i + 2] <= '4');
        if (century && is_decimal(s[i + 3]) && (i + 4 == n || !is_word(s[i + 4])))
            return 1;
    }
    return 0;
}

/* style._RUBRIC: ^[^\W\d_][\w'’ -]{1,30}\s?:\s, trying each length as re backtracks. */
int
rubric_prefix(const Py_UCS4 *s, Py_ssize_t n)
{
    if (n == 0 || !is_alnum(s[0]) || is_decimal(s[0]))
        return 0;
    Py_ssize_t run = 0;
    while (run < 30 && 1 + run < n) {
        Py_UCS4 c = s[1 + run];
        if (!(is_word(c) || c == '\'' || c == 0x2019 || c == ' ' || c == '-'))
            break;
        run++;
    }
    for (Py_ssize_t k = run; k >= 1; k--) {
        Py_ssize_t p = 1 + k;
        if (p + 2 < n && is_space(s[p]) && s[p + 1] == ':' && is_space(s[p + 2]))
            return 1;
        if (p + 1 < n && s[p] == ':' && is_space(s[p + 1]))
            return 1;
    }
    return 0;
}

/* style._TRUNCATED: (?:\.\.\.|…|\[\.\.\.\])\s*$ */
int
truncated(const Py_UCS4 *s, Py_ssize_t n)
{
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n >= 1 && s[n - 1] == 0x2026)
        return 1;
    if (n >= 3 && s[n - 1] == '.' && s[n - 2] == '.' && s[n - 3] == '.')
        return 1;
    return n >= 5 && s[n - 1] == ']' && s[n - 2] == '.' && s[n - 3] == '.' && s[n - 4] == '.' &&
           s[n - 5] == '[';
}

/* A set of strings (start, end in one array), for the words of a teaser. */
