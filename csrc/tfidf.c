/* The TF-IDF kernel: word and char_wb n-grams, counted and dotted with the weights. */
#include "speedups.h"

/* -- TF-IDF kernel ------------------------------------------------------------------- */



static void
kernel_dealloc(TfidfKernel *self)
{
    table_free(&self->vocabulary);
    word_cache_free(&self->cache);
    PyMem_RawFree(self->counts);
    if (self->lock != NULL)
        PyThread_free_lock(self->lock);
    PyMem_Free(self->idf);
    PyMem_Free(self->weights);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static double *
copy_doubles(PyObject *object, Py_ssize_t expected, const char *what)
{
    Py_buffer view;
    if (PyObject_GetBuffer(object, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    double *copy = NULL;
    if (view.format == NULL || strcmp(view.format, "d") != 0 || view.itemsize != 8) {
        PyErr_Format(PyExc_TypeError, "%s must be an array of float64", what);
    }
    else if (view.len / 8 != expected) {
        PyErr_Format(PyExc_ValueError, "%s has %zd values for %zd terms", what, view.len / 8,
                     expected);
    }
    else {
        copy = PyMem_Malloc((size_t)(expected ? expected : 1) * sizeof(double));
        if (copy == NULL)
            PyErr_NoMemory();
        else
            memcpy(copy, view.buf, (size_t)expected * sizeof(double));
    }
    PyBuffer_Release(&view);
    return copy;
}

static PyObject *
kernel_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"terms", "idf", "weights", "analyzer", "min_n", "max_n",
                            "sublinear", "mean", NULL};
    PyObject *terms, *idf, *weights;
    const char *analyzer;
    Py_ssize_t min_n, max_n;
    int sublinear, mean = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!OOsnnp|p", names, &PyList_Type, &terms,
                                     &idf, &weights, &analyzer, &min_n, &max_n, &sublinear,
                                     &mean))
        return NULL;
    int kind;
    if (strcmp(analyzer, "word") == 0)
        kind = WORD_ANALYZER;
    else if (strcmp(analyzer, "char_wb") == 0)
        kind = CHAR_WB_ANALYZER;
    else {
        PyErr_Format(PyExc_ValueError, "unknown analyzer %s", analyzer);
        return NULL;
    }
    if (min_n < 1 || max_n < min_n) {
        PyErr_SetString(PyExc_ValueError, "the n-gram range must be 1 <= min_n <= max_n");
        return NULL;
    }
    TfidfKernel *self = (TfidfKernel *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->analyzer = kind;
    self->min_n = min_n;
    self->max_n = max_n;
    self->sublinear = sublinear;
    self->mean = mean;
    if (table_build(terms, &self->vocabulary) < 0)
        goto fail;
    self->idf = copy_doubles(idf, self->vocabulary.count, "idf");
    if (self->idf == NULL)
        goto fail;
    self->weights = copy_doubles(weights, self->vocabulary.count, "weights");
    if (self->weights == NULL)
        goto fail;
    self->lock = PyThread_allocate_lock();
    self->counts = PyMem_RawCalloc(
        (size_t)(self->vocabulary.count ? self->vocabulary.count : 1), sizeof(int32_t));
    if (self->lock == NULL || self->counts == NULL ||
        (kind == CHAR_WB_ANALYZER && word_cache_clear(&self->cache, 1024) < 0)) {
        PyErr_NoMemory();
        goto fail;
    }
    return (PyObject *)self;
fail:
    Py_DECREF(self);
    return NULL;
}

/* The columns of one document's n-grams found in the vocabulary, repeats kept. */
static int
word_grams(const TfidfKernel *k, const Py_UCS4 *text, Py_ssize_t length, Py_UCS4 *gram,
           IntBuffer *tokens, IntBuffer *found)
{
    /* sklearn's default token_pattern (?u)\b\w\w+\b: maximal runs of \w of 2 or more. */
    tokens->size = 0;
    for (Py_ssize_t i = 0; i < length;) {
        if (!is_word(text[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        while (j < length && is_word(text[j]))
            j++;
        if (j - i >= 2 && (ints_push(tokens, (int32_t)i) < 0 || ints_push(tokens, (int32_t)j) < 0))
            return -1;
        i = j;
    }
    Py_ssize_t count = tokens->size / 2;
    for (Py_ssize_t n = k->min_n; n <= k->max_n && n <= count; n++) {
        for (Py_ssize_t first = 0; first + n <= count; first++) {
            Py_ssize_t size = 0;
            for (Py_ssize_t t = first; t < first + n; t++) {
                int32_t a = tokens->data[2 * t], b = tokens->data[2 * t + 1];
                if (t > first)
                    gram[size++] = ' ';
                memcpy(gram + size, text + a, (size_t)(b - a) * sizeof(Py_UCS4));
                size += b - a;
            }
            int32_t column = table_get(&k->vocabulary, gram, size);
            if (column >= 0 && ints_push(found, column) < 0)
                return -1;
        }
    }
    return 0;
}

/* The columns of the words met so far in a batch: a word's char_wb n-grams do not
 * depend on its text, and a batch of teasers holds about one distinct word in four. */

static int
char_wb_grams(const TfidfKernel *k, const Py_UCS4 *text, Py_ssize_t length, Py_UCS4 *padded,
              IntBuffer *found, WordCache *cache)
{
    /* sklearn's _char_wb_ngrams: each word of str.split(), padded with a space each side. */
    for (Py_ssize_t i = 0; i < length;) {
        if (is_space(text[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        while (j < length && !is_space(text[j]))
            j++;
        uint64_t h = hash_chars(text + i, j - i);
        CachedWord *known = word_cache_slot(cache, text + i, j - i, h);
        if (known->count >= 0) {
            for (Py_ssize_t c = 0; c < known->count; c++)
                if (ints_push(found, cache->columns.data[known->columns + c]) < 0)
                    return -1;
            i = j;
            continue;
        }
        Py_ssize_t first = found->size;
        Py_ssize_t size = j - i + 2;
        padded[0] = ' ';
        memcpy(padded + 1, text + i, (size_t)(j - i) * sizeof(Py_UCS4));
        padded[size - 1] = ' ';
        for (Py_ssize_t n = k->min_n; n <= k->max_n; n++) {
            Py_ssize_t offset = 0;
            Py_ssize_t width = n < size ? n : size;
            int32_t column = table_get(&k->vocabulary, padded, width);
            if (column >= 0 && ints_push(found, column) < 0)
                return -1;
            while (offset + n < size) {
                offset++;
                column = table_get(&k->vocabulary, padded + offset, n);
                if (column >= 0 && ints_push(found, column) < 0)
                    return -1;
            }
            if (offset == 0) /* a word shorter than n counts once */
                break;
        }
        if (word_cache_add(cache, text + i, j - i, h, found, first) < 0)
            return -1;
        i = j;
    }
    return 0;
}

/* One text's unit-norm TF-IDF vector times the weights; -1 when out of memory. */
static int
text_decision(const TfidfKernel *self, const Py_UCS4 *text, Py_ssize_t length,
              Py_UCS4 *scratch, int32_t *counts, IntBuffer *found, IntBuffer *tokens,
              IntBuffer *distinct, WordCache *cache, double *decision)
{
    found->size = 0;
    distinct->size = 0;
    int status = self->analyzer == WORD_ANALYZER
                     ? word_grams(self, text, length, scratch, tokens, found)
                     : char_wb_grams(self, text, length, scratch, found, cache);
    if (status < 0)
        return -1;
    for (Py_ssize_t i = 0; i < found->size; i++) {
        int32_t column = found->data[i];
        if (counts[column]++ == 0 && ints_push(distinct, column) < 0)
            return -1;
    }
    if (self->mean) {
        /* Each distinct term once: its count over the words found, times its weight. */
        double sum = 0.0;
        for (Py_ssize_t i = 0; i < distinct->size; i++) {
            int32_t column = distinct->data[i];
            sum += (double)counts[column] / (double)found->size * self->weights[column];
            counts[column] = 0;
        }
        *decision = sum;
        return 0;
    }
    double squares = 0.0;
    for (Py_ssize_t i = 0; i < distinct->size; i++) {
        int32_t column = distinct->data[i];
        double tf = self->sublinear ? 1.0 + log((double)counts[column]) : counts[column];
        double value = tf * self->idf[column];
        squares += value * value;
    }
    double norm = sqrt(squares), total = 0.0;
    for (Py_ssize_t i = 0; i < distinct->size; i++) {
        int32_t column = distinct->data[i];
        double tf = self->sublinear ? 1.0 + log((double)counts[column]) : counts[column];
        total += tf * self->idf[column] / norm * self->weights[column];
        counts[column] = 0;
    }
    *decision = total;
    return 0;
}

PyDoc_STRVAR(kernel_decisions_doc,
             "decisions(texts, out)\n\n"
             "Write into out (float64, one per text) each text's unit-norm TF-IDF vector\n"
             "times the weights. texts are preprocessed (lowercased) already.");

static PyObject *
kernel_decisions(TfidfKernel *self, PyObject *args)
{
    PyObject *list, *out_object;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &out_object))
        return NULL;
    Py_buffer out;
    if (PyObject_GetBuffer(out_object, &out, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE) <
        0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (out.format == NULL || strcmp(out.format, "d") != 0 || out.len != n * 8) {
        PyErr_SetString(PyExc_ValueError, "out must be a float64 array with one value per text");
        PyBuffer_Release(&out);
        return NULL;
    }
    double *decisions = out.buf;
    int failed = 0;
    /* How often each column occurs in the current text, and the char_wb columns of the
     * words met so far: the kernel's own, or this call's when another call holds them. */
    int owner = PyThread_acquire_lock(self->lock, NOWAIT_LOCK);
    int32_t *counts = self->counts;
    WordCache own = {0}, *cache = &self->cache;
    Py_UCS4 *scratch = NULL;
    Py_ssize_t scratch_size = 0;
    IntBuffer found = {0}, tokens = {0}, distinct = {0};
    if (!owner) {
        counts = PyMem_RawCalloc(
            (size_t)(self->vocabulary.count ? self->vocabulary.count : 1), sizeof(int32_t));
        cache = &own;
        if (counts == NULL ||
            (self->analyzer == CHAR_WB_ANALYZER && word_cache_clear(cache, 1024) < 0)) {
            PyErr_NoMemory();
            goto done;
        }
    }
    for (Py_ssize_t first = 0; first < n && !failed; first += CHUNK) {
        Texts texts;
        if (texts_read_slice(list, first, CHUNK, &texts) < 0)
            goto done;
        if (texts.longest + 2 > scratch_size) {
            PyMem_RawFree(scratch);
            scratch_size = texts.longest + 2;
            scratch = PyMem_RawMalloc((size_t)scratch_size * sizeof(Py_UCS4));
            if (scratch == NULL) {
                texts_free(&texts);
                failed = 1;
                break;
            }
        }
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t row = 0; row < texts.count; row++) {
            const Py_UCS4 *text = texts.chars.data + texts.starts[row];
            Py_ssize_t length = texts.starts[row + 1] - texts.starts[row];
            if (text_decision(self, text, length, scratch, counts, &found, &tokens, &distinct,
                              cache, decisions + first + row) < 0) {
                failed = 1;
                break;
            }
        }
        Py_END_ALLOW_THREADS
        texts_free(&texts);
    }
    if (failed)
        PyErr_NoMemory();
done:
    PyMem_RawFree(scratch);
    PyMem_RawFree(found.data);
    PyMem_RawFree(tokens.data);
    PyMem_RawFree(distinct.data);
    if (owner)
        PyThread_release_lock(self->lock);
    else {
        PyMem_RawFree(counts);
        word_cache_free(&own);
    }
    PyBuffer_Release(&out);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
kernel_lookup(TfidfKernel *self, PyObject *term)
{
    if (!PyUnicode_Check(term)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return NULL;
    }
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(term);
    if (chars == NULL)
        return NULL;
    int32_t column = table_get(&self->vocabulary, chars, PyUnicode_GET_LENGTH(term));
    PyMem_Free(chars);
    return PyLong_FromLong(column);
}

static PyMethodDef kernel_methods[] = {
    {"decisions", (PyCFunction)kernel_decisions, METH_VARARGS, kernel_decisions_doc},
    {"lookup", (PyCFunction)kernel_lookup, METH_O,
     "lookup(term): the term's column, or -1 when it is not in the vocabulary."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject TfidfKernelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "clickbait._speedups.TfidfKernel",
    .tp_basicsize = sizeof(TfidfKernel),
    .tp_dealloc = (destructor)kernel_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "TfidfKernel(terms, idf, weights, analyzer, min_n, max_n, sublinear, mean=False)\n\n"
              "One TF-IDF block of a linear model (l2 norm, default token pattern), or with\n"
              "mean=True a word-vector block (the mean of the weights of the words found).",
    .tp_methods = kernel_methods,
    .tp_new = kernel_new,
};

