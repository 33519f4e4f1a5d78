// Row height shared by the virtual lists and the CSS (--row-h): the lists compute positions from it.
export const ROW_HEIGHT = 28;
