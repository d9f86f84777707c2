"use client";
// The designers' drag sensors, one decision for the form and the view designer: a pointer drag starts after 4 px (so
// a click still selects), and the keyboard moves with the designer's own coordinate getter. dnd-kit's useSensor keeps
// a sensor while its options object is the same one: options made in the render would make new sensors every render,
// and every draggable (the palette's columns, each field) would render again with them.
import {
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type KeyboardCoordinateGetter,
  type KeyboardSensorOptions,
} from "@dnd-kit/core";

const POINTER_OPTIONS = { activationConstraint: { distance: 4 } };
const keyboardOptions = new WeakMap<KeyboardCoordinateGetter, KeyboardSensorOptions>();

/** Pointer and keyboard sensors for a designer's DndContext; `coordinateGetter` should be a module-level function. */
export function useDesignerSensors(coordinateGetter: KeyboardCoordinateGetter) {
  let keyboard = keyboardOptions.get(coordinateGetter);
  if (!keyboard) keyboardOptions.set(coordinateGetter, (keyboard = { coordinateGetter }));
  return useSensors(useSensor(PointerSensor, POINTER_OPTIONS), useSensor(KeyboardSensor, keyboard));
}
