FROM busybox
RUN echo web image > /role
CMD ["cat", "/role"]
