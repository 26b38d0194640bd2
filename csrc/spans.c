/* The word-list scan of clickbait.style._lexicon_matcher. */
#include "speedups.h"

static int
entry_spans(const StyleKernel *self, const Py_UCS4 *s, Py_ssize_t n, IntBuffer *spans)
{
    const Table *entries = &self->entries;
    for (Py_ssize_t p = 0; p < n;) {
        Py_UCS4 first = s[p];
        int starts = first < 128 ? self->ascii_first[first] : self->other_first;
        if (!starts || (p > 0 && (is_word(s[p - 1]) || s[p - 1] == '\'' || s[p - 1] == '-'))) {
            p++;
            continue;
        }
        /* At each place the look-ahead holds, is the text so far an entry, or the start
         * of one cut there? When it is neither, no longer entry can match either. */
        uint64_t h = HASH_START;
        Py_ssize_t matched = 0;
        Py_ssize_t limit = n - p < entries->longest ? n - p : entries->longest;
        for (Py_ssize_t q = 1; q <= limit; q++) {
            h = hash_step(h, s[p + q - 1]);
            if (p + q < n && (is_word(s[p + q]) || s[p + q] == '-'))
                continue;
            uint64_t finished = hash_finish(h);
            if (table_find(&self->prefixes, s + p, q, finished) < 0)
                break;
            if (table_find(entries, s + p, q, finished) >= 0)
                matched = q;
        }
        if (matched) {
            if (ints_push(spans, (int32_t)p) < 0 || ints_push(spans, (int32_t)(p + matched)) < 0)
                return -1;
            p += matched;
        }
        else
            p++;
    }
    return 0;
}

PyObject *
style_entry_spans(StyleKernel *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "text too long");
        return NULL;
    }
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(text);
    if (chars == NULL)
        return NULL;
    IntBuffer spans = {0};
    int status = entry_spans(self, chars, n, &spans);
    PyMem_Free(chars);
    PyObject *result = NULL;
    if (status == 0 && (result = PyList_New(spans.size)) != NULL) {
        for (Py_ssize_t i = 0; i < spans.size; i++) {
            PyObject *value = PyLong_FromLong(spans.data[i]);
            if (value == NULL) {
                Py_CLEAR(result);
                break;
            }
            PyList_SET_ITEM(result, i, value);
        }
    }
    else if (status < 0)
        PyErr_NoMemory();
    PyMem_RawFree(spans.data);
    return result;
}

/* Words as style._WORD finds them: [^\W_]+(?:['-][^\W_]+)*, as (start, end) pairs. */
