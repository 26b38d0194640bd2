/* Growable buffers, texts read from lists, string tables, character classes. */
#include "speedups.h"

/* -- growable buffers --------------------------------------------------------------- */


int
chars_reserve(CharBuffer *b, Py_ssize_t capacity)
{
    if (capacity <= b->capacity)
        return 0;
    Py_ssize_t wanted = b->capacity ? b->capacity : 256;
    while (wanted < capacity)
        wanted *= 2;
    Py_UCS4 *grown = PyMem_Realloc(b->data, (size_t)wanted * sizeof(Py_UCS4));
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = grown;
    b->capacity = wanted;
    return 0;
}


int
ints_push(IntBuffer *b, int32_t value)
{
    if (b->size == b->capacity) {
        Py_ssize_t wanted = b->capacity ? 2 * b->capacity : 256;
        int32_t *grown = PyMem_RawRealloc(b->data, (size_t)wanted * sizeof(int32_t));
        if (grown == NULL)
            return -1;
        b->data = grown;
        b->capacity = wanted;
    }
    b->data[b->size++] = value;
    return 0;
}


void
texts_free(Texts *t)
{
    PyMem_Free(t->chars.data);
    PyMem_Free(t->starts);
    memset(t, 0, sizeof(*t));
}

/* Reads items[first : first + n] of a list of str. */
int
texts_read_slice(PyObject *list, Py_ssize_t first, Py_ssize_t n, Texts *t)
{
    memset(t, 0, sizeof(*t));
    PyObject *seq = PySequence_Fast(list, "expected a list of str");
    if (seq == NULL)
        return -1;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(seq);
    if (first < 0 || first > size)
        first = size;
    if (n < 0 || n > size - first)
        n = size - first;
    PyObject **items = PySequence_Fast_ITEMS(seq) + first;
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_Check(items[i])) {
            PyErr_SetString(PyExc_TypeError, "expected a list of str");
            goto fail;
        }
        total += PyUnicode_GET_LENGTH(items[i]);
    }
    t->starts = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (t->starts == NULL || chars_reserve(&t->chars, total + 1) < 0) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = items[i];
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        t->starts[i] = at;
        for (Py_ssize_t k = 0; k < length; k++)
            t->chars.data[at + k] = PyUnicode_READ(kind, data, k);
        at += length;
        if (length > t->longest)
            t->longest = length;
    }
    t->starts[n] = at;
    t->count = n;
    Py_DECREF(seq);
    return 0;
fail:
    Py_DECREF(seq);
    texts_free(t);
    return -1;
}

int
texts_read(PyObject *list, Texts *t)
{
    return texts_read_slice(list, 0, -1, t);
}


/* -- a set of strings with their indices ----------------------------------------------- */







void
table_free(Table *t)
{
    PyMem_Free(t->chars);
    PyMem_Free(t->offsets);
    PyMem_Free(t->slots);
    memset(t, 0, sizeof(*t));
}



/* The table of a list of str; a string listed twice keeps its first index. */
int
table_build(PyObject *strings, Table *t)
{
    memset(t, 0, sizeof(*t));
    Texts texts;
    if (texts_read(strings, &texts) < 0)
        return -1;
    if (texts.count >= INT32_MAX / 2) {
        texts_free(&texts);
        PyErr_SetString(PyExc_ValueError, "too many strings");
        return -1;
    }
    uint64_t capacity = 8;
    while (capacity < 2 * (uint64_t)texts.count)
        capacity *= 2;
    t->slots = PyMem_Malloc(capacity * sizeof(Slot));
    if (t->slots == NULL) {
        texts_free(&texts);
        PyErr_NoMemory();
        return -1;
    }
    for (uint64_t i = 0; i < capacity; i++)
        t->slots[i].index = -1;
    t->mask = capacity - 1;
    t->chars = texts.chars.data;
    t->offsets = texts.starts;
    t->count = texts.count;
    t->longest = texts.longest;
    for (Py_ssize_t k = 0; k < texts.count; k++) {
        const Py_UCS4 *s = t->chars + t->offsets[k];
        Py_ssize_t n = t->offsets[k + 1] - t->offsets[k];
        uint64_t h = hash_chars(s, n);
        if (table_find(t, s, n, h) >= 0)
            continue;
        uint64_t i = h & t->mask;
        while (t->slots[i].index >= 0)
            i = (i + 1) & t->mask;
        t->slots[i].check = (uint32_t)(h >> 32);
        t->slots[i].index = (int32_t)k;
    }
    return 0;
}


/* -- character classes, as re and str see them ----------------------------------------- */

unsigned char ascii_classes[128];

void
fill_ascii_classes(void)
{
    for (Py_UCS4 c = 0; c < 128; c++)
        ascii_classes[c] = (Py_UNICODE_ISALNUM(c) ? ALNUM : 0) |
                           (Py_UNICODE_ISSPACE(c) ? SPACE : 0) |
                           (Py_UNICODE_ISDECIMAL(c) ? DECIMAL : 0);
}






