"""A preprocessor group right after a C++ constructor's `:` stands inside its declaration (c_directives
.unbalanced_branches): found by an agent's audit of leveldb, whose env_posix.cc writes `Limiter(int max_acquires)` /
`:` / `#if !defined(NDEBUG)` / `max_acquires_(max_acquires),` / `#endif` / `acquires_allowed_(max_acquires) {`. The
class never closed, and the file's 150 classes and functions after it were read as Limiter's."""

from __future__ import annotations

from .test_lang_c_family import parse

ENV_CC = '''
    #include <atomic>

    class Limiter {
     public:
      Limiter(int max_acquires)
          :
    #if !defined(NDEBUG)
            max_acquires_(max_acquires),
    #endif  // !defined(NDEBUG)
            acquires_allowed_(max_acquires) {
        assert(max_acquires >= 0);
      }

      Limiter(const Limiter&) = delete;
      Limiter operator=(const Limiter&) = delete;

      bool Acquire() { return true; }

     private:
    #if !defined(NDEBUG)
      const int max_acquires_;
    #endif
      int acquires_allowed_;
    };

    class PosixEnv {
     public:
      PosixEnv() : mmap_limiter_(1) {}
      void Schedule() { mmap_limiter_.Acquire(); }

     private:
      Limiter mmap_limiter_;
    };

    int MaxOpenFiles() { return 1; }
    '''


def test_a_group_after_a_constructors_colon_is_read_inside_it() -> None:
    facts, _references, _imports = parse("cpp", "util/env_posix.cc", ENV_CC)
    # (the constructor was read as a method `acquires_allowed_` of lines 8-12; in leveldb's whole file the class ran
    # to its end)
    assert [fact[:4] for fact in facts] == [
        ("Limiter", "class", 3, 24), ("Limiter.Limiter", "method", 5, 12), ("Limiter.Limiter", "method", 14, 14),
        ("Limiter.operator=", "method", 15, 15), ("Limiter.Acquire", "method", 17, 17), ("PosixEnv", "class", 26, 33),
        ("PosixEnv.PosixEnv", "method", 28, 28), ("PosixEnv.Schedule", "method", 29, 29),
        ("MaxOpenFiles", "function", 35, 35)]
