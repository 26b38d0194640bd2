/* Shared by the compiled kernels of clickbait._speedups (see clickbait.compiled).
 *
 * Each kernel gives what the NumPy reference path of clickbait.linear and clickbait.style
 * gives (the tests hold the two together): characters are classed with the same Unicode
 * tables as Python's re module and str methods (Py_UNICODE_ISALNUM is re's \w without
 * "_", Py_UNICODE_ISSPACE its \s and str.split()'s white space, Py_UNICODE_ISDECIMAL its
 * \d). Only the Python C API is used: no NumPy headers, arrays come in and go out
 * through the buffer protocol.
 */
#ifndef CLICKBAIT_SPEEDUPS_H
#define CLICKBAIT_SPEEDUPS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_UCS4 *data;
    Py_ssize_t size, capacity;
} CharBuffer;

typedef struct {
    int32_t *data;
    Py_ssize_t size, capacity;
} IntBuffer;

/* Texts of a list, as one array of code points and each text's start (n + 1 offsets). */
typedef struct {
    CharBuffer chars;
    Py_ssize_t *starts;
    Py_ssize_t count, longest;
} Texts;

/* Texts are read this many at a time: memory stays bounded for a batch of any size. */
#define CHUNK 4096

typedef struct {
    uint32_t check; /* high bits of the hash */
    int32_t index;  /* -1: empty */
} Slot;

typedef struct {
    Py_UCS4 *chars;      /* every string, one after the other */
    Py_ssize_t *offsets; /* count + 1 */
    Slot *slots;
    uint64_t mask;
    Py_ssize_t count;
    Py_ssize_t longest;
} Table;

#define HASH_START 0xcbf29ce484222325ULL

/* The classes of ASCII characters, filled at import from the same Unicode macros. */
enum { ALNUM = 1, SPACE = 2, DECIMAL = 4 };

enum { WORD_ANALYZER = 0, CHAR_WB_ANALYZER = 1 };


typedef struct {
    uint64_t hash;
    Py_ssize_t chars, length; /* the word: words[chars : chars + length] */
    Py_ssize_t columns, count; /* its columns: columns[columns : columns + count] */
} CachedWord;

typedef struct {
    CachedWord *slots; /* count == -1: empty */
    uint64_t mask;
    Py_ssize_t used;
    Py_UCS4 *words;
    Py_ssize_t words_size, words_capacity;
    IntBuffer columns;
} WordCache;

/* Words remembered at most; past that the cache starts again (same results). */
#define WORD_CACHE_WORDS (1 << 16)

typedef struct {
    PyObject_HEAD
    Table vocabulary;
    double *idf;
    double *weights;
    int analyzer;
    Py_ssize_t min_n, max_n;
    int sublinear;
    int mean; /* a word-vector block: the mean of the words' weights, no idf or norm */
    /* Kept from call to call (a page's words are those of the last page), for one caller
     * at a time: a call that finds the lock taken works with a cache of its own. */
    PyThread_type_lock lock;
    WordCache cache;
    int32_t *counts; /* zero between texts */
} TfidfKernel;

/* The values of clickbait.style._measures, in its order. */
enum {
    HEADLINE_LENGTH, HEADLINE_WORDS, SNIPPET_LENGTH, SNIPPET_EMPTY, QUESTION_MARK,
    EXCLAMATION_MARK, PUNCTUATION_SHARE, DIGITS, LEADING_NUMBER, YEAR, HIDDEN_SUBJECT,
    TRUNCATED_SNIPPET, INNER_CAPITALS, ALL_CAPS_WORDS, QUOTATION, RUBRIC_PREFIX, OVERLAP,
    MEASURES
};

typedef struct {
    PyObject_HEAD
    Table demonstratives;
    Table fillers;
    Table entries;  /* the counted word lists' entries */
    Table prefixes; /* each entry cut where the look-ahead could hold, and whole */
    unsigned char ascii_first[128]; /* ASCII characters that start an entry */
    int other_first;                /* whether some entry starts outside ASCII */
} StyleKernel;

extern unsigned char ascii_classes[128];
extern PyTypeObject TfidfKernelType, StyleKernelType;

static inline uint64_t
hash_step(uint64_t h, Py_UCS4 c)
{
    return (h ^ c) * 0x100000001b3ULL;
}

static inline uint64_t
hash_finish(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

static inline uint64_t
hash_chars(const Py_UCS4 *s, Py_ssize_t n)
{
    uint64_t h = HASH_START;
    for (Py_ssize_t i = 0; i < n; i++)
        h = hash_step(h, s[i]);
    return hash_finish(h);
}

static inline int32_t
table_find(const Table *t, const Py_UCS4 *s, Py_ssize_t n, uint64_t h)
{
    uint32_t check = (uint32_t)(h >> 32);
    for (uint64_t i = h & t->mask;; i = (i + 1) & t->mask) {
        const Slot *slot = &t->slots[i];
        if (slot->index < 0)
            return -1;
        if (slot->check == check) {
            Py_ssize_t a = t->offsets[slot->index], b = t->offsets[slot->index + 1];
            if (b - a == n && memcmp(t->chars + a, s, (size_t)n * sizeof(Py_UCS4)) == 0)
                return slot->index;
        }
    }
}

static inline int32_t
table_get(const Table *t, const Py_UCS4 *s, Py_ssize_t n)
{
    if (n > t->longest)
        return -1;
    return table_find(t, s, n, hash_chars(s, n));
}

static inline int
is_alnum(Py_UCS4 c)
{
    return c < 128 ? ascii_classes[c] & ALNUM : Py_UNICODE_ISALNUM(c);
}

static inline int
is_space(Py_UCS4 c)
{
    return c < 128 ? ascii_classes[c] & SPACE : Py_UNICODE_ISSPACE(c);
}

static inline int
is_decimal(Py_UCS4 c)
{
    return c < 128 ? ascii_classes[c] & DECIMAL : Py_UNICODE_ISDECIMAL(c);
}

static inline int
is_word(Py_UCS4 c) /* re's \w */
{
    return is_alnum(c) || c == '_';
}

static inline int
is_upper_word(const Py_UCS4 *s, Py_ssize_t n) /* str.isupper */
{
    int cased = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (Py_UNICODE_ISLOWER(s[i]) || Py_UNICODE_ISTITLE(s[i]))
            return 0;
        if (Py_UNICODE_ISUPPER(s[i]))
            cased = 1;
    }
    return cased;
}

/* common.c */
int chars_reserve(CharBuffer *b, Py_ssize_t capacity);
int ints_push(IntBuffer *b, int32_t value);
void texts_free(Texts *t);
int texts_read_slice(PyObject *list, Py_ssize_t first, Py_ssize_t n, Texts *t);
int texts_read(PyObject *list, Texts *t);
void table_free(Table *t);
int table_build(PyObject *strings, Table *t);
void fill_ascii_classes(void);

/* wordcache.c */
void word_cache_free(WordCache *cache);
int word_cache_clear(WordCache *cache, uint64_t capacity);
CachedWord *word_cache_slot(WordCache *cache, const Py_UCS4 *word, Py_ssize_t length,
                            uint64_t h);
int word_cache_add(WordCache *cache, const Py_UCS4 *word, Py_ssize_t length, uint64_t h,
                   const IntBuffer *found, Py_ssize_t start);

/* spans.c, rules.c */
PyObject *style_entry_spans(StyleKernel *self, PyObject *text);
int find_words(const Py_UCS4 *s, Py_ssize_t n, IntBuffer *words);
int leading_number(const Py_UCS4 *s, Py_ssize_t n);
int has_year(const Py_UCS4 *s, Py_ssize_t n);
int rubric_prefix(const Py_UCS4 *s, Py_ssize_t n);
int truncated(const Py_UCS4 *s, Py_ssize_t n);

#endif
