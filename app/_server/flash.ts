// A one-minute message for the sign-in page (e.g. why a Microsoft sign-in was refused), kept out of the URL.
export const FLASH_COOKIE = "sw_flash";
