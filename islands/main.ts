/**
 * Client entry: hydrates the recorder island from the JSON props the page embedded. Every
 * other part of the site is plain server-rendered HTML.
 */
import { h, hydrate } from "preact";
import { ISLAND_PROPS_ID, ISLAND_ROOT_ID } from "./ids.ts";
import Recorder, { type RecorderProps } from "./Recorder.tsx";

const root = document.getElementById(ISLAND_ROOT_ID);
const data = document.getElementById(ISLAND_PROPS_ID);
if (root && data?.textContent) {
  hydrate(h(Recorder, JSON.parse(data.textContent) as RecorderProps), root);
}
