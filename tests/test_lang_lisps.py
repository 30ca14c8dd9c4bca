"""Clojure, Common Lisp, Racket and Scheme: every definition of a realistic file, with its facts, and its references."""

from __future__ import annotations

from .test_lang_more_scripting import facts, parse, refs

CLOJURE = '''
    (ns shapes.circle
      "Circles and their areas."
      (:require [clojure.string :as str]
                [shapes.geometry :refer [square]])
      (:import (java.util Date)))

    (defprotocol Shape
      (area [s] "Area of the shape."))

    (defrecord Circle [radius]
      Shape
      (area [_] (* (square radius) Math/PI)))

    ;; Not the doc: the string is.
    (defn total-area
      "Sum the areas of the shapes."
      [shapes]
      (reduce + (map area shapes)))

    (defn- label [c] (str/upper-case (str "circle " (:radius c))))

    (defn scale
      ([c] (scale c 2))
      ([c k] (->Circle (* k (:radius c)))))
    '''


def test_clojure() -> None:
    chunks, found, references = parse("clojure", "src/shapes/circle.clj", CLOJURE)
    assert sorted(found) == ["Circle", "Circle.area", "Shape", "Shape.area", "label", "scale", "total-area"]
    assert facts(found["Shape"]) == ("class", 7, 8, "(defprotocol Shape", None)
    assert facts(found["Shape.area"]) == ("method", 8, 8, "(area [s]", None)
    assert facts(found["Circle"]) == ("class", 10, 12, "(defrecord Circle [radius]", None)
    assert facts(found["Circle.area"])[:4] == ("method", 12, 12, "(area [_]")
    assert facts(found["total-area"]) == (
        "function", 15, 18, '(defn total-area "Sum the areas of the shapes." [shapes]', "Sum the areas of the shapes.")
    assert facts(found["label"]) == ("function", 20, 20, "(defn- label [c]", None)
    assert facts(found["scale"]) == ("function", 22, 24, "(defn scale", None)

    # An import is dated by the form that holds it.
    assert refs(references, "IMPORTS") == [("string", 3, None, "clojure.string"), ("geometry", 3, None, "shapes.geometry"),
                                           ("Date", 5, None, "java.util")]
    assert refs(references, "INHERITS") == [("Shape", 11, "Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 12, "Circle.area", None) in calls
    assert {("reduce", 18), ("map", 18)} <= {(n, line) for n, line, source, _ in calls if source == "total-area"}
    assert ("upper-case", 20, "label", None) in calls
    assert {("scale", 23), ("->Circle", 24)} <= {(n, line) for n, line, source, _ in calls if source == "scale"}
    assert not {"defn", "defrecord", "ns"} & {name for name, *_ in calls}


COMMON_LISP = '''
    (defpackage :shapes
      (:use :cl :alexandria)
      (:export #:area #:total-area))
    (in-package :shapes)

    ;;; A circle of a given radius.
    (defclass circle (shape)
      ((radius :initarg :radius :reader radius))
      (:documentation "A circle."))

    (defgeneric area (shape)
      (:documentation "Area of a shape."))

    (defmethod area ((c circle))
      (* pi (square (radius c))))

    (defun total-area (shapes)
      "Sum the areas of the shapes."
      (reduce #'+ (mapcar #'area shapes)))

    (defstruct point x y)
    '''


def test_common_lisp() -> None:
    chunks, _symbols, references = parse_all("commonlisp", "src/shapes.lisp", COMMON_LISP)
    found = {(c.qualified_name, c.lineno): c for c in chunks if c.chunk_type.value != "module"}
    assert sorted(found) == [("area", 11), ("area", 14), ("circle", 7), ("point", 21), ("total-area", 17)]
    # The `:documentation` option is the class's doc, the `;;;` comment above belongs to its chunk.
    assert facts(found["circle", 7]) == ("class", 7, 9, "(defclass circle (shape)", "A circle.")
    assert facts(found["area", 11])[:4] == ("function", 11, 12, "(defgeneric area (shape)")
    assert facts(found["area", 14]) == ("function", 14, 15, "(defmethod area ((c circle))", None)
    assert facts(found["total-area", 17]) == (
        "function", 17, 19, "(defun total-area (shapes)", "Sum the areas of the shapes.")
    assert facts(found["point", 21])[:3] == ("class", 21, 21)
    assert refs(references, "IMPORTS") == [("cl", 2, None, "cl"), ("alexandria", 2, None, "alexandria")]
    assert refs(references, "INHERITS") == [("shape", 7, "circle", None)]
    calls = refs(references, "CALLS")
    assert {("square", 15), ("radius", 15)} <= {(n, line) for n, line, source, _ in calls if source == "area"}
    assert {("reduce", 19), ("mapcar", 19), ("area", 19)} <= {
        (n, line) for n, line, source, _ in calls if source == "total-area"}
    # Lambda lists are parameters, not calls.
    assert not {"c", "shapes", "shape"} & {name for name, *_ in calls}


def parse_all(language: str, path: str, text: str):  # type: ignore[no-untyped-def]
    from .conftest import parse_text
    return parse_text(language, path, text, every_line_once=True)


RACKET = '''
    #lang racket
    (require racket/list
             "geometry.rkt"
             (only-in json read-json))
    (provide area total)

    ;; A circle of a given radius.
    (struct circle (radius) #:transparent)

    ;; Area of a circle.
    (define (area c)
      (* pi (square (circle-radius c))))

    (define total
      (lambda (shapes)
        (apply + (map area shapes))))

    (define-syntax-rule (twice x) (* 2 x))

    (define counter%
      (class object%
        (super-new)))
    '''


def test_racket() -> None:
    chunks, found, references = parse("racket", "shapes.rkt", RACKET)
    assert sorted(found) == ["area", "circle", "counter%", "total", "twice"]
    assert facts(found["circle"]) == ("class", 8, 8, "(struct circle (radius)", "A circle of a given radius.")
    assert facts(found["area"]) == ("function", 11, 12, "(define (area c)", "Area of a circle.")
    assert facts(found["total"]) == ("function", 14, 16, "(define total (lambda (shapes)", None)
    assert facts(found["twice"]) == ("function", 18, 18, "(define-syntax-rule (twice x)", None)
    assert facts(found["counter%"])[:3] == ("class", 20, 22)
    assert refs(references, "IMPORTS") == [("list", 2, None, "racket/list"), ("geometry", 2, None, "geometry.rkt"),
                                           ("json", 2, None, "json")]
    assert refs(references, "INHERITS") == [("object%", 21, "counter%", None)]
    calls = refs(references, "CALLS")
    assert {("square", 12), ("circle-radius", 12)} <= {(n, line) for n, line, source, _ in calls if source == "area"}
    assert {("apply", 16), ("map", 16)} <= {(n, line) for n, line, source, _ in calls if source == "total"}
    assert not {"define", "require", "lambda", "c", "radius", "shapes"} & {name for name, *_ in calls}


def test_scheme() -> None:
    _, found, references = parse("scheme", "lib/queue.scm", '''
        (import (scheme base) (srfi 1))

        ;; Add an item at the back.
        (define (enqueue q x)
          (append q (list x)))
        ''')
    assert facts(found["enqueue"]) == ("function", 4, 5, "(define (enqueue q x)", "Add an item at the back.")
    assert refs(references, "IMPORTS") == [("(scheme base)", 1, None, "(scheme base)"), ("(srfi 1)", 1, None, "(srfi 1)")]
    assert ("append", 5, "enqueue", None) in refs(references, "CALLS")
