/* The clickbait._speedups module. */
#include "speedups.h"

/* -- module --------------------------------------------------------------------------- */

static PyObject *
simple_lower(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(text);
    if (chars == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        chars[i] = Py_UNICODE_TOLOWER(chars[i]);
    PyObject *lowered = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, n);
    PyMem_Free(chars);
    return lowered;
}

static PyMethodDef module_methods[] = {
    {"simple_lower", simple_lower, METH_O,
     "Each code point's simple lowercase mapping, as the style kernel lowercases words."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "clickbait._speedups",
    .m_doc = "Compiled kernels for TF-IDF scoring and style measures (see clickbait.compiled).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    fill_ascii_classes();
    if (PyType_Ready(&TfidfKernelType) < 0 || PyType_Ready(&StyleKernelType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&speedups_module);
    if (module == NULL)
        return NULL;
    if (PyModule_AddObjectRef(module, "TfidfKernel", (PyObject *)&TfidfKernelType) < 0 ||
        PyModule_AddObjectRef(module, "StyleKernel", (PyObject *)&StyleKernelType) < 0 ||
        PyModule_AddIntConstant(module, "MEASURES", MEASURES) < 0 ||
        /* clickbait.compiled.KERNELS_VERSION: bumped when a kernel's signature changes. */
        PyModule_AddIntConstant(module, "VERSION", 2) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

