"use client";
import PageError from "../error";

/** A console page that failed to render: the same boundary as the root's, inside the shell. */
export default PageError;
