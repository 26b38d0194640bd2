/* The style kernel: the per-teaser measures of clickbait.style._measures. */
#include "speedups.h"

/* -- style measures ----------------------------------------------------------------- */



static void
style_dealloc(StyleKernel *self)
{
    table_free(&self->demonstratives);
    table_free(&self->fillers);
    table_free(&self->entries);
    table_free(&self->prefixes);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
style_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"demonstratives", "fillers", "entries", "prefixes", NULL};
    PyObject *demonstratives, *fillers, *entries, *prefixes;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!O!O!", names, &PyList_Type,
                                     &demonstratives, &PyList_Type, &fillers, &PyList_Type,
                                     &entries, &PyList_Type, &prefixes))
        return NULL;
    StyleKernel *self = (StyleKernel *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    if (table_build(demonstratives, &self->demonstratives) < 0 ||
        table_build(fillers, &self->fillers) < 0 || table_build(entries, &self->entries) < 0 ||
        table_build(prefixes, &self->prefixes) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < self->entries.count; k++) {
        Py_ssize_t a = self->entries.offsets[k], b = self->entries.offsets[k + 1];
        if (b == a) {
            Py_DECREF(self);
            PyErr_SetString(PyExc_ValueError, "an empty word-list entry");
            return NULL;
        }
        Py_UCS4 first = self->entries.chars[a];
        if (first < 128)
            self->ascii_first[first] = 1;
        else
            self->other_first = 1;
    }
    return (PyObject *)self;
}

/* What re's finditer gives for (?<![\w'-])(?:e1|e2|...)(?![\w-]) with the entries
 * longest first: at each place, the longest entry that stands as whole words. */

typedef struct {
    int32_t *entries; /* 2 per slot, -1 empty; kept from teaser to teaser */
    uint64_t allocated; /* slots */
    uint64_t mask;
    Py_ssize_t count;
} WordSet;

/* Empties the set, with room for ``expected`` strings. */
static int
wordset_reset(WordSet *set, Py_ssize_t expected)
{
    uint64_t capacity = 8;
    while (capacity < 2 * (uint64_t)expected)
        capacity *= 2;
    if (capacity > set->allocated) {
        int32_t *grown = PyMem_RawRealloc(set->entries, capacity * 2 * sizeof(int32_t));
        if (grown == NULL)
            return -1;
        set->entries = grown;
        set->allocated = capacity;
    }
    memset(set->entries, 0xff, capacity * 2 * sizeof(int32_t));
    set->mask = capacity - 1;
    set->count = 0;
    return 0;
}

/* Adds s[a:b] (add = 1) or only looks for it (add = 0); returns whether it was there. */
static int
wordset_has(WordSet *set, const Py_UCS4 *s, int32_t a, int32_t b, int add)
{
    for (uint64_t i = hash_chars(s + a, b - a) & set->mask;; i = (i + 1) & set->mask) {
        int32_t *entry = set->entries + 2 * i;
        if (entry[0] < 0) {
            if (add) {
                entry[0] = a;
                entry[1] = b;
                set->count++;
            }
            return 0;
        }
        if (entry[1] - entry[0] == b - a &&
            memcmp(s + entry[0], s + a, (size_t)(b - a) * sizeof(Py_UCS4)) == 0)
            return 1;
    }
}

typedef struct {
    IntBuffer words, snippet_words;
    CharBuffer lowered; /* the headline's words lowercased, then the snippet's text */
    WordSet headline_set, snippet_set;
} StyleScratch;

/* One teaser's measures; returns 1 when the teaser needs the reference code instead. */
static int
teaser_measures(const StyleKernel *self, const Py_UCS4 *h, Py_ssize_t nh, const Py_UCS4 *s,
                Py_ssize_t ns, const Py_UCS4 *ls, Py_ssize_t nls, StyleScratch *scratch,
                double *out)
{
    /* str.lower() maps these two with more than their simple lowercase (İ to two code
     * points, Σ by context): the reference code lowercases such a headline. */
    for (Py_ssize_t i = 0; i < nh; i++)
        if (h[i] == 0x130 || h[i] == 0x3a3)
            return 1;
    IntBuffer *words = &scratch->words;
    if (find_words(h, nh, words) < 0)
        return -1;
    Py_ssize_t n_words = words->size / 2;
    /* lowered: each headline word lowercased (same positions), then the lower snippet. */
    if (chars_reserve(&scratch->lowered, nh + nls + 1) < 0)
        return -1;
    Py_UCS4 *low = scratch->lowered.data;
    for (Py_ssize_t i = 0; i < nh; i++)
        low[i] = Py_UNICODE_TOLOWER(h[i]);
    memcpy(low + nh, ls, (size_t)nls * sizeof(Py_UCS4));
    IntBuffer *snippet_words = &scratch->snippet_words;
    if (find_words(ls, nls, snippet_words) < 0)
        return -1;

    Py_ssize_t inner = 0, all_caps = 0, lettered = 0, capitalised = 0, hidden = 0;
    for (Py_ssize_t w = 0; w < n_words; w++) {
        int32_t a = words->data[2 * w], b = words->data[2 * w + 1];
        int upper = is_upper_word(h + a, b - a);
        if (w > 0 && Py_UNICODE_ISUPPER(h[a]) && !upper)
            inner++;
        if (b - a > 1 && upper)
            all_caps++;
        if (Py_UNICODE_ISALPHA(h[a])) {
            lettered++;
            capitalised += Py_UNICODE_ISUPPER(h[a]) != 0;
        }
        if (w + 1 < n_words && table_get(&self->demonstratives, low + a, b - a) >= 0) {
            int32_t c = words->data[2 * w + 2], d = words->data[2 * w + 3];
            int32_t stem = c;
            while (stem < d && low[stem] != '\'')
                stem++;
            int digits = 1;
            for (int32_t i = c; i < d; i++)
                digits &= Py_UNICODE_ISDIGIT(low[i]) != 0;
            if (table_get(&self->fillers, low + c, stem - c) < 0 && !digits)
                hidden++;
        }
    }
    double overlap = 0.0;
    Py_ssize_t n_snippet_words = snippet_words->size / 2;
    if (n_words && n_snippet_words) {
        WordSet *headline_set = &scratch->headline_set, *snippet_set = &scratch->snippet_set;
        if (wordset_reset(headline_set, n_words) < 0 ||
            wordset_reset(snippet_set, n_snippet_words) < 0)
            return -1;
        for (Py_ssize_t w = 0; w < n_words; w++)
            wordset_has(headline_set, low, words->data[2 * w], words->data[2 * w + 1], 1);
        /* Each distinct snippet word once: is it a headline word too? */
        Py_ssize_t both = 0;
        for (Py_ssize_t w = 0; w < n_snippet_words; w++) {
            int32_t a = (int32_t)nh + snippet_words->data[2 * w];
            int32_t b = (int32_t)nh + snippet_words->data[2 * w + 1];
            if (!wordset_has(snippet_set, low, a, b, 1))
                both += wordset_has(headline_set, low, a, b, 0);
        }
        Py_ssize_t either = headline_set->count + snippet_set->count - both;
        overlap = (double)both / (double)either;
    }

    Py_ssize_t questions = 0, exclamations = 0, punctuation = 0;
    int digit = 0, quote = 0;
    for (Py_ssize_t i = 0; i < nh; i++) {
        Py_UCS4 c = h[i];
        questions += c == '?';
        exclamations += c == '!';
        quote |= c == '"';
        digit |= is_decimal(c) != 0;
        punctuation += !is_word(c) && !is_space(c);
    }
    int sentence_case = (double)capitalised <= 0.6 * (double)lettered;
    out[HEADLINE_LENGTH] = log1p((double)nh);
    out[HEADLINE_WORDS] = log1p((double)n_words);
    out[SNIPPET_LENGTH] = log1p((double)ns);
    out[SNIPPET_EMPTY] = ns == 0;
    out[QUESTION_MARK] = (double)questions;
    out[EXCLAMATION_MARK] = (double)exclamations;
    out[PUNCTUATION_SHARE] = (double)punctuation / (double)(nh > 1 ? nh : 1);
    out[DIGITS] = digit;
    out[LEADING_NUMBER] = leading_number(h, nh);
    out[YEAR] = has_year(h, nh);
    out[HIDDEN_SUBJECT] = (double)hidden;
    out[TRUNCATED_SNIPPET] = truncated(s, ns);
    out[INNER_CAPITALS] = n_words && sentence_case ? (double)inner / (double)n_words : 0.0;
    out[ALL_CAPS_WORDS] = (double)all_caps;
    out[QUOTATION] = quote;
    out[RUBRIC_PREFIX] = rubric_prefix(h, nh);
    out[OVERLAP] = overlap;
    return 0;
}

PyDoc_STRVAR(style_measures_doc,
             "measures(headlines, snippets, lower_snippets, out) -> list of rows\n\n"
             "Write into out (float64, 17 per teaser) what clickbait.style._measures gives\n"
             "for each teaser; returns the rows left for the reference code to measure.");

static PyObject *
style_measures(StyleKernel *self, PyObject *args)
{
    PyObject *headline_list, *snippet_list, *lower_list, *out_object;
    if (!PyArg_ParseTuple(args, "O!O!O!O", &PyList_Type, &headline_list, &PyList_Type,
                          &snippet_list, &PyList_Type, &lower_list, &out_object))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(headline_list);
    if (PyList_GET_SIZE(snippet_list) != n || PyList_GET_SIZE(lower_list) != n) {
        PyErr_SetString(PyExc_ValueError, "headlines and snippets differ in number");
        return NULL;
    }
    Py_buffer out;
    if (PyObject_GetBuffer(out_object, &out, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE) <
        0)
        return NULL;
    if (out.format == NULL || strcmp(out.format, "d") != 0 || out.len != n * MEASURES * 8) {
        PyErr_SetString(PyExc_ValueError, "out must be a float64 array of 17 values per teaser");
        PyBuffer_Release(&out);
        return NULL;
    }
    PyObject *left = PyList_New(0);
    StyleScratch scratch = {0};
    double *values = out.buf;
    for (Py_ssize_t first = 0; first < n && left != NULL; first += CHUNK) {
        Texts headlines, snippets, lowers;
        if (texts_read_slice(headline_list, first, CHUNK, &headlines) < 0) {
            Py_CLEAR(left);
            break;
        }
        if (texts_read_slice(snippet_list, first, CHUNK, &snippets) < 0) {
            texts_free(&headlines);
            Py_CLEAR(left);
            break;
        }
        if (texts_read_slice(lower_list, first, CHUNK, &lowers) < 0) {
            texts_free(&headlines);
            texts_free(&snippets);
            Py_CLEAR(left);
            break;
        }
        for (Py_ssize_t k = 0; k < headlines.count; k++) {
            Py_ssize_t row = first + k;
            int status = teaser_measures(
                self, headlines.chars.data + headlines.starts[k],
                headlines.starts[k + 1] - headlines.starts[k],
                snippets.chars.data + snippets.starts[k],
                snippets.starts[k + 1] - snippets.starts[k], lowers.chars.data + lowers.starts[k],
                lowers.starts[k + 1] - lowers.starts[k], &scratch, values + row * MEASURES);
            if (status < 0) {
                PyErr_NoMemory();
                Py_CLEAR(left);
                break;
            }
            if (status == 1) {
                PyObject *index = PyLong_FromSsize_t(row);
                if (index == NULL || PyList_Append(left, index) < 0) {
                    Py_XDECREF(index);
                    Py_CLEAR(left);
                    break;
                }
                Py_DECREF(index);
            }
        }
        texts_free(&headlines);
        texts_free(&snippets);
        texts_free(&lowers);
    }
    PyMem_RawFree(scratch.words.data);
    PyMem_RawFree(scratch.snippet_words.data);
    PyMem_Free(scratch.lowered.data);
    PyMem_RawFree(scratch.headline_set.entries);
    PyMem_RawFree(scratch.snippet_set.entries);
    PyBuffer_Release(&out);
    return left;
}

PyDoc_STRVAR(style_spans_doc,
             "entry_spans(text) -> list of int\n\n"
             "Start and end of each word-list entry found in text, one after the other.");

static PyMethodDef style_methods[] = {
    {"measures", (PyCFunction)style_measures, METH_VARARGS, style_measures_doc},
    {"entry_spans", (PyCFunction)style_entry_spans, METH_O, style_spans_doc},
    {NULL, NULL, 0, NULL},
};

PyTypeObject StyleKernelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "clickbait._speedups.StyleKernel",
    .tp_basicsize = sizeof(StyleKernel),
    .tp_dealloc = (destructor)style_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "StyleKernel(demonstratives, fillers, entries)\n\n"
              "The per-teaser style measures and the word-list scan.",
    .tp_methods = style_methods,
    .tp_new = style_new,
};

