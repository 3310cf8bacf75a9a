/** Element ids shared by the interview page (server) and the client entry. */
export const ISLAND_ROOT_ID = "recorder";
export const ISLAND_PROPS_ID = "recorder-props";
