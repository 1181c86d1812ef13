/** What the guest message names as the desk when the site set no contact (FRONT_DESK_EMAIL's default). */
export const FRONT_DESK_EMAIL_DEFAULT = "frontdesk@portier.test";
