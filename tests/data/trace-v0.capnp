# trace-v0.capnp
#
# Copyright 2026 The Trace Inspector authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The message inside a version 0 trace.bin (FORMAT.md section 5), written
# for this project so that `capnp decode --packed` can check what our C codec
# (src/libcodetrace/ct-v0-*.c) reads and writes.
#
# Cap'n Proto lays fields out by ordinal and type only: names, nesting and
# declaration order do not reach the wire. The ordinals and types below are
# therefore the part that must agree with the recorders' schema; everything
# else is ours. The C code hard-codes the resulting offsets; see
# src/libcodetrace/ct-capnp-private.h, and `capnp compile -ocapnp` on this
# file prints them.

@0x8a0bd39624459be3;

struct Trace {
  events @0 :List(TraceEvent);
}

# One TraceLowLevelEvent. Ordinal 20 (dropLastStep) came after the thread
# events in the source, which is why it is not last here.
struct TraceEvent {
  union {
    step @0 :Step;
    path @1 :PathBuf;
    variableName @2 :Text;
    variable @3 :Text;           # the legacy spelling of variableName
    type @4 :TypeDescription;
    value @5 :FullValue;
    function @6 :FunctionDescription;
    call @7 :Call;
    return @8 :Return;
    event @9 :IoEvent;
    asm @10 :List(Text);
    bindVariable @11 :VariableAtPlace;
    assignment @12 :Assignment;
    dropVariables @13 :List(VariableId);
    compoundValue @14 :ValueAtPlace;
    cellValue @15 :ValueAtPlace;
    assignCompoundItem @16 :AssignCompoundItem;
    assignCell @17 :AssignCell;
    variableCell @18 :VariableAtPlace;
    dropVariable @19 :VariableId;
    dropLastStep @20 :Void;
    threadStart @21 :ThreadId;
    threadExit @22 :ThreadId;
    threadSwitch @23 :ThreadId;
  }
}

# Ids travel wrapped in one-field structs: each costs a pointer plus a data
# word, but that is what the recorders wrote.
struct PathId { i @0 :Int64; }
struct VariableId { i @0 :Int64; }
struct FunctionId { i @0 :Int64; }
struct TypeId { i @0 :Int64; }
struct ThreadId { i @0 :UInt64; }
struct Line { l @0 :Int64; }
struct Place { p @0 :Int64; }
struct PathBuf { p @0 :Text; }

struct Step {
  pathId @0 :PathId;
  line @1 :Line;
}

struct FunctionDescription {
  pathId @0 :PathId;
  line @1 :Line;
  name @2 :Text;
}

struct FullValue {
  variableId @0 :VariableId;
  value @1 :Value;
}

struct Call {
  functionId @0 :FunctionId;
  args @1 :List(FullValue);
}

struct Return {
  returnValue @0 :Value;
}

# metadata has the higher ordinal although it comes first in JSON: content
# therefore owns the first pointer slot.
struct IoEvent {
  kind @0 :IoKind;
  metadata @2 :Text;
  content @1 :Text;
}

# bindVariable and variableCell share this shape (the wire cannot tell them
# apart except by the event's discriminant).
struct VariableAtPlace {
  variableId @0 :VariableId;
  place @1 :Place;
}

# compoundValue and cellValue.
struct ValueAtPlace {
  place @0 :Place;
  value @1 :Value;
}

struct AssignCompoundItem {
  place @0 :Place;
  index @1 :Int64;
  itemPlace @2 :Place;
}

struct AssignCell {
  place @0 :Place;
  newValue @1 :Value;
}

enum PassBy {
  value @0;
  reference @1;
}

struct Assignment {
  to @0 :VariableId;
  passBy @1 :PassBy;
  from @2 :RValue;
}

struct RValue {
  union {
    simple @0 :VariableId;
    compound @1 :List(VariableId);
  }
}

struct TypeDescription {
  kind @0 :TypeKind;
  langType @1 :Text;
  specificInfo @2 :TypeInfo;
}

struct FieldType {
  name @0 :Text;
  typeId @1 :TypeId;
}

struct TypeInfo {
  union {
    none @0 :Void;
    struct :group {
      fields @1 :List(FieldType);
    }
    pointer :group {
      dereferenceTypeId @2 :TypeId;
    }
  }
}

# ValueRecord. The ordinals interleave across the groups (address @27 was
# added to reference after cell), so group fields are not contiguous on the
# wire: see the offsets in ct-capnp-private.h.
struct Value {
  union {
    int :group {
      i @0 :Int64;
      typeId @1 :TypeId;
    }
    float :group {
      f @2 :Float64;
      typeId @3 :TypeId;
    }
    bool :group {
      b @4 :Bool;
      typeId @5 :TypeId;
    }
    string :group {
      text @6 :Text;
      typeId @7 :TypeId;
    }
    sequence :group {
      elements @8 :List(Value);
      isSlice @9 :Bool;
      typeId @10 :TypeId;
    }
    tuple :group {
      elements @11 :List(Value);
      typeId @12 :TypeId;
    }
    struct :group {
      fieldValues @13 :List(Value);
      typeId @14 :TypeId;
    }
    variant :group {
      discriminator @15 :Text;
      contents @16 :Value;
      typeId @17 :TypeId;
    }
    reference :group {
      dereferenced @18 :Value;
      address @27 :UInt64;
      mutable @19 :Bool;
      typeId @20 :TypeId;
    }
    raw :group {
      r @21 :Text;
      typeId @22 :TypeId;
    }
    error :group {
      msg @23 :Text;
      typeId @24 :TypeId;
    }
    none :group {
      typeId @25 :TypeId;
    }
    cell :group {
      place @26 :Place;
    }
    bigint :group {
      b @28 :List(UInt8);    # big-endian magnitude
      negative @29 :Bool;
      typeId @30 :TypeId;
    }
  }
}

# TypeKind: the same numbers as in JSON (FORMAT.md section 2).
enum TypeKind {
  seq @0;
  set @1;
  hashSet @2;
  orderedSet @3;
  array @4;
  varargs @5;
  struct @6;
  int @7;
  float @8;
  string @9;
  cstring @10;
  char @11;
  bool @12;
  literal @13;
  ref @14;
  recursion @15;
  raw @16;
  enum @17;
  enum16 @18;
  enum32 @19;
  c @20;
  tableKind @21;
  union @22;
  pointer @23;
  error @24;
  functionKind @25;
  typeValue @26;
  tuple @27;
  variant @28;
  html @29;
  none @30;
  nonExpanded @31;
  any @32;
  slice @33;
}

# EventLogKind. NOT the JSON numbers: writeOther and readOther were appended
# here (11, 12) but sit next to write/read in JSON (2, 5). Code maps by name.
enum IoKind {
  write @0;
  writeFile @1;
  read @2;
  readFile @3;
  readDir @4;
  openDir @5;
  closeDir @6;
  socket @7;
  open @8;
  error @9;
  traceLogEvent @10;
  writeOther @11;
  readOther @12;
  evmEvent @13;
}
