/** "PUT /smartlock/{id}/auth": a request's route with ids folded, shared by client stats and simulator fault scripts. */
export function routeKey(method: string, path: string) {
  return `${method} ${path.replace(/\/\d+/g, "/{id}").replace(/\/auth\/[0-9a-f]{24}/g, "/auth/{id}")}`;
}
