/** The routing tables live functions share; conf.route and conf.route6 point at them. */
import { RouteTable } from "./route.ts";
import { Route6Table } from "./route6.ts";

let route4: RouteTable | null = null;
let route6: Route6Table | null = null;

export function routeTable(): RouteTable {
  return (route4 ??= new RouteTable());
}

export function route6Table(): Route6Table {
  return (route6 ??= new Route6Table());
}
