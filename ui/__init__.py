"""The Gradio app's pieces that are not Gradio: labels, rendering, table reads and charts."""
