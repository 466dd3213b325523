/**
 * Text views and pictures of packets; importing this module installs them as Packet and
 * PacketList methods (show, summary... and pdfdump, canvasDump, plot, conversations...).
 * Everything here is browser-safe; node/ installs what only Node has (files, fonts, PNG).
 */
import { registerCommand } from "../core/commands.ts";
import { textHooks } from "../core/packet.ts";
import { hexdiff } from "./hexdiff.ts";
import { hexdump, linehexdump } from "./hexdump.ts";
import { ls, lsc } from "./ls.ts";
import { command, packetRepr } from "./repr.ts";
import { show } from "./show.ts";
import { sprintf } from "./sprintf.ts";
import { layerSummary, summary } from "./summary.ts";
import "./diagram/methods.ts";
import "./plot/methods.ts";
import "./node/index.ts";

textHooks.show = show;
textHooks.summary = summary;
textHooks.sprintf = sprintf;
textHooks.command = command;
textHooks.repr = packetRepr;
textHooks.mysummary = (p) => layerSummary(p).text;
textHooks.hexdump = (p) => hexdump(p, { dump: true })!;

registerCommand("hexdiff", "Show differences between 2 binary strings, Packets...", hexdiff);
registerCommand("hexdump", "Build a tcpdump like hexadecimal view", hexdump);
registerCommand("linehexdump", "Build an equivalent view of hexdump() on a single line", linehexdump);
registerCommand("ls", "List available layers, or infos on a given layer class or name.", ls);
registerCommand("lsc", "Displays packetry's default commands", lsc);

export { bytesHex, hexdump, hexstr, linehexdump } from "./hexdump.ts";
export { hexdiff, hexdiffText, alignBytes } from "./hexdiff.ts";
export { ls, lsc, lsText } from "./ls.ts";
export { sprintf } from "./sprintf.ts";
export { summary, layerSummary } from "./summary.ts";
export { pyRepr } from "./pyrepr.ts";
export { THEMES, themeByName, type Theme } from "./color.ts";
export { showInTheme } from "./show.ts";
export { Canvas, type PageSource } from "./diagram/canvas.ts";
export { packetDiagram, type DiagramOptions } from "./diagram/packet.ts";
export { packetCanvas, listCanvas, type DumpOptions } from "./diagram/methods.ts";
export type { Drawing, Shape, Font, Color, Stroke, PathOp } from "./draw/model.ts";
export { drawingSvg, pagesSvg } from "./draw/svg.ts";
export { drawingEps, pagesPs } from "./draw/ps.ts";
export { pagesPdf, type FontFiles } from "./draw/pdf.ts";
export { installRenderHost, type RenderHost, type Progress } from "./host.ts";
export { renderGraph, graphCanvas, GRAPH_TYPES, type GraphOptions, type GraphType } from "./graph/render.ts";
export { layoutGraph, graphvizOutput, GraphError, ENGINES, type Engine } from "./graph/layout.ts";
export { dotId, dotAttrs } from "./graph/dot.ts";
export { conversationsDot, drawConversations, type ConversationOptions } from "./graph/conversations.ts";
export { afterglowDot, type AfterglowOptions } from "./graph/afterglow.ts";
export { Figure, type FigureOptions } from "./plot/figure.ts";
export { lineChart, type Series, type ChartOptions } from "./plot/chart.ts";
export { plot, diffplot, multiplot, timeskewGraph, type PlotOptions, type DiffplotOptions } from "./plot/plots.ts";
export { tableFigure } from "./plot/table.ts";
