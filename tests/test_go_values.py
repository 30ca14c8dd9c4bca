"""What a Go variable holds, as an agent's audit of viper found it missing: a map's values (`flag, exists :=
v.pflags[key]` of a field `pflags map[string]FlagValue`, in two statements of one function: 25 calls guessed), what a
chain of calls returns (`subv := v.Sub("a").Sub("b")`) and what a method of a field's type returns (`decoder, err :=
v.decoderRegistry.Decoder(format)`, an interface's method declaring `(Decoder, error)`); and a method's receiver
read before a loop that reuses its name (`for v := range keys`), which made its calls guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

FILES = {
    "go.mod": "module github.com/spf13/viper\n\ngo 1.21\n",
    "flags.go": '''
        package viper

        type FlagValue interface {
            HasChanged() bool
            ValueString() string
        }

        type pflagValue struct{}

        func (p pflagValue) HasChanged() bool { return true }

        func (p pflagValue) ValueString() string { return "" }
        ''',
    "encoding.go": '''
        package viper

        type Decoder interface {
            Decode(b []byte) error
        }

        type DecoderRegistry interface {
            Decoder(format string) (Decoder, error)
        }
        ''',
    "viper.go": '''
        package viper

        type Viper struct {
            pflags          map[string]FlagValue
            decoderRegistry DecoderRegistry
        }

        func New() *Viper { return &Viper{} }

        func (v *Viper) Sub(key string) *Viper { return v }

        func (v *Viper) Get(key string) string { return key }

        func (v *Viper) find(key string) string {
            flag, exists := v.pflags[key]
            if exists && flag.HasChanged() {
                return flag.ValueString()
            }
            if flag, exists := v.pflags[key]; exists {
                return flag.ValueString()
            }
            return ""
        }

        func (v *Viper) unmarshal(format string) error {
            decoder, err := v.decoderRegistry.Decoder(format)
            if err != nil {
                return err
            }
            return decoder.Decode(nil)
        }

        func (v *Viper) decodeStructKeys(keys map[string]bool) {
            v.Get("a")
            for v := range keys {
                _ = v
            }
        }

        func lookup(values map[string]*Viper) string {
            one := values["a"]
            return one.Get("b")
        }
        ''',
    "viper_test.go": '''
        package viper

        func TestSub() {
            v := New()
            subv := v.Sub("clothing").Sub("pants")
            subv.Get("size")
        }
        ''',
}


async def test_a_go_variable_holds_a_maps_values_and_what_a_chain_returns(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    assert calls_from(graph, "viper.go:Viper.find") == {("flags.go:FlagValue.HasChanged", "MEMBER"),
                                                        ("flags.go:FlagValue.ValueString", "MEMBER")}
    assert calls_from(graph, "viper.go:Viper.unmarshal") == {("encoding.go:DecoderRegistry.Decoder", "MEMBER"),
                                                             ("encoding.go:Decoder.Decode", "MEMBER")}
    assert calls_from(graph, "viper.go:lookup") == {("viper.go:Viper.Get", "MEMBER")}  # a parameter's map
    # the receiver, before a loop that reuses its name: the loop's `v` is the loop's alone
    assert calls_from(graph, "viper.go:Viper.decodeStructKeys") == {("viper.go:Viper.Get", "MEMBER")}
    assert calls_from(graph, "viper_test.go:TestSub") == {("viper.go:New", "LOCAL"), ("viper.go:Viper.Sub", "MEMBER"),
                                                          ("viper.go:Viper.Get", "MEMBER")}


async def test_an_index_made_before_migration_114_parses_go_again(tmp_path: Path) -> None:
    files = {**FILES, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 114)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "viper.go", "web/app.js", "Go variables")
